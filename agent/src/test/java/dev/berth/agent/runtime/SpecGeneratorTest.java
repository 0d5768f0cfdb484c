package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.oci.LinuxSpec;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecGeneratorTest {
  private static final String ID = "0123456789ab" + "c".repeat(52);

  @TempDir Path rootfs;
  private final SpecGenerator generator =
      new SpecGenerator(new HostRlimits(Map.of("RLIMIT_NOFILE", 20_000L)), "/berth", () -> "the-host");
  private final ContainerConfig image = new ContainerConfig();

  @BeforeEach
  void image() throws IOException {
    image.cmd = List.of("/bin/sh");
    image.env = List.of("A=1");
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:30:app\n");
  }

  private RuntimeSpec generate(CreateOptions.Builder options) throws IOException {
    return generator.generate(ID, image, options.build(), rootfs);
  }

  @Test
  void defaultsAreDockers() throws IOException {
    RuntimeSpec spec = generate(CreateOptions.builder("img"));

    assertEquals(List.of("/bin/sh"), spec.process().args());
    assertEquals(List.of("PATH=" + ContainerEnv.DEFAULT_PATH, "HOSTNAME=0123456789ab", "A=1"), spec.process().env());
    assertEquals("/", spec.process().cwd());
    assertEquals("0123456789ab", spec.hostname());
    assertEquals(new RuntimeSpec.User(0, 0, List.of()), spec.process().user());
    assertFalse(spec.process().terminal());
    assertEquals(Capabilities.DOCKER_DEFAULT, spec.process().capabilities().bounding());
    assertEquals(Capabilities.DOCKER_DEFAULT, spec.process().capabilities().effective());
    assertEquals(List.of("/proc", "/dev", "/dev/pts", "/sys", "/sys/fs/cgroup", "/dev/mqueue", "/dev/shm"),
        spec.mounts().stream().map(RuntimeSpec.Mount::destination).toList());
    assertTrue(spec.mounts().get(3).options().contains("ro"), "sysfs is read-only");
    assertEquals(DockerDefaults.MASKED_PATHS, spec.linux().maskedPaths());
    assertEquals(DockerDefaults.READONLY_PATHS, spec.linux().readonlyPaths());
    assertEquals(List.of("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty"),
        spec.linux().devices().stream().map(LinuxSpec.Device::path).toList());
    assertEquals(new LinuxSpec.DeviceRule(false, "a", null, null, "rwm"), spec.linux().resources().devices().get(0));
    assertEquals(List.of("pid", "ipc", "uts", "mount", "network"),
        spec.linux().namespaces().stream().map(LinuxSpec.Namespace::type).toList());
    assertEquals("/berth/" + ID, spec.linux().cgroupsPath());
    assertEquals(List.of(new RuntimeSpec.Rlimit("RLIMIT_NOFILE", 20_000, 20_000)), spec.process().rlimits());
    assertEquals(new RuntimeSpec.Root("rootfs", false), spec.root());
    assertFalse(spec.process().noNewPrivileges());
    assertNull(spec.linux().resources().memory());
  }

  @Test
  void userWorkdirHostnameTerminalAndEnvComeFromTheOptions() throws IOException {
    image.workingDir = "/image/dir";
    RuntimeSpec spec = generate(CreateOptions.builder("img").user("app").workingDir("/work/here").hostname("web")
        .tty(true).env("A=2", "B=3"));

    assertEquals(new RuntimeSpec.User(1000, 1000, List.of(30L)), spec.process().user());
    assertEquals(Capabilities.DOCKER_DEFAULT, spec.process().capabilities().bounding());
    assertNull(spec.process().capabilities().effective(), "a non-root user keeps only the bounding set, as moby");
    assertEquals("/work/here", spec.process().cwd());
    assertTrue(Files.isDirectory(rootfs.resolve("work/here")), "the working dir is created");
    assertEquals("web", spec.hostname());
    assertTrue(spec.process().terminal());
    assertEquals(List.of("PATH=" + ContainerEnv.DEFAULT_PATH, "HOSTNAME=web", "TERM=xterm", "A=2", "B=3"),
        spec.process().env());
  }

  @Test
  void theImagesUserAndWorkdirApplyWhenTheOptionsSayNothing() throws IOException {
    image.user = "1000";
    image.workingDir = "/srv/app/";
    RuntimeSpec spec = generate(CreateOptions.builder("img"));
    assertEquals(1000, spec.process().user().uid());
    assertEquals("/srv/app", spec.process().cwd());
    assertThrows(IllegalArgumentException.class, () -> generate(CreateOptions.builder("img").workingDir("rel")));
    assertThrows(IllegalArgumentException.class, () -> generate(CreateOptions.builder("img").user("ghost")));
  }

  @Test
  void hostNetworkSharesTheHostsNamespaceAndHostname() throws IOException {
    RuntimeSpec spec = generate(CreateOptions.builder("img").networkMode("host"));
    assertEquals(List.of("pid", "ipc", "uts", "mount"),
        spec.linux().namespaces().stream().map(LinuxSpec.Namespace::type).toList());
    assertEquals("the-host", spec.hostname());
  }

  @Test
  void securityOptionsChangeCapabilitiesPathsAndRoot() throws IOException {
    RuntimeSpec locked = generate(CreateOptions.builder("img").capDrop("ALL").capAdd("chown").readOnlyRootfs(true)
        .noNewPrivileges(true));
    assertEquals(List.of("CAP_CHOWN"), locked.process().capabilities().bounding());
    assertTrue(locked.root().readonly());
    assertTrue(locked.process().noNewPrivileges());

    RuntimeSpec privileged = generate(CreateOptions.builder("img").privileged(true));
    assertEquals(Capabilities.ALL, privileged.process().capabilities().bounding());
    assertEquals(List.of(), privileged.linux().maskedPaths());
    assertEquals(List.of(), privileged.linux().readonlyPaths());
    assertTrue(privileged.mounts().get(3).options().contains("rw"));
    assertEquals(List.of(new LinuxSpec.DeviceRule(true, "a", null, null, "rwm")),
        privileged.linux().resources().devices());
  }

  @Test
  void limitsBecomeCgroupResourcesAndUlimitsAreClamped() throws IOException {
    long mb = 1024 * 1024;
    RuntimeSpec spec = generate(CreateOptions.builder("img")
        .limits(new ResourceLimits(64 * mb, 0, 1_500_000_000L, 512, 100))
        .ulimits(new CreateOptions.Ulimit("nofile", 1024, 50_000), new CreateOptions.Ulimit("nproc", 10, 20)));

    LinuxSpec.Resources resources = spec.linux().resources();
    assertEquals(new LinuxSpec.Memory(64 * mb, 128 * mb), resources.memory());
    assertEquals(new LinuxSpec.Cpu(512L, 150_000L, 100_000L), resources.cpu());
    assertEquals(new LinuxSpec.Pids(100), resources.pids());
    assertEquals(List.of(new RuntimeSpec.Rlimit("RLIMIT_NOFILE", 20_000, 1024), new RuntimeSpec.Rlimit("RLIMIT_NPROC", 20, 10)),
        spec.process().rlimits());
    assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(mb, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(64 * mb, 32 * mb, 0, 0, 0));
  }

  @Test
  void aCfsQuotaAndPeriodOfTheirOwnGoToTheSpecAsGiven() throws IOException {
    RuntimeSpec spec = generate(CreateOptions.builder("img").limits(new ResourceLimits(0, 0, 0, 0, 0, 25_000, 50_000)));
    assertEquals(new LinuxSpec.Cpu(null, 25_000L, 50_000L), spec.linux().resources().cpu());
    assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(0, 0, 1_000_000_000L, 0, 0, 0, 50_000));
    assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(0, 0, 0, 0, 0, 500, 0));
  }

  @Test
  void serializesWithTheSpecsFieldNamesAndWithoutNulls() throws IOException {
    JsonNode json = new ObjectMapper().valueToTree(generate(CreateOptions.builder("img")));
    assertEquals(RuntimeSpec.VERSION, json.get("ociVersion").asText());
    assertEquals(438, json.at("/linux/devices/0/fileMode").asInt());
    assertEquals("RLIMIT_NOFILE", json.at("/process/rlimits/0/type").asText());
    assertFalse(json.at("/linux/resources").has("memory"));
    assertFalse(json.at("/linux/namespaces/0").has("path"));
    assertFalse(json.at("/linux/resources/devices/0").has("major"));
  }
}
