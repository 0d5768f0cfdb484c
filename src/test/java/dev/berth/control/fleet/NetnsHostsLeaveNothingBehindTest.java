package dev.berth.control.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.DockerCli;
import dev.berth.control.support.NetnsHost;
import dev.berth.control.support.NetnsHosts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The multi-host harness cleans up after a test that left a running container behind a crashed
 * agent: no namespace, veth, bridge, container process, mount, cgroup or data directory remains.
 */
@QuarkusTest
class NetnsHostsLeaveNothingBehindTest {
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void closingRemovesEverythingAHostLeftAfterItsAgentCrashed() throws Exception {
    String prefix = "mhleft" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
    NetnsHost host;
    String bridge;
    String id;
    long pid;
    try (NetnsHosts fleet = NetnsHosts.start(controlPlane, prefix, 1)) {
      host = fleet.host(0);
      bridge = fleet.bridge();
      Path rootfs = DockerCli.busyboxRootfs();
      DockerCli docker = host.docker();
      assertEquals(0, docker.run(rootfs, "import", "-", "left/busybox:1").exit());
      Files.delete(rootfs);
      id = docker.ok("run", "-d", "-p", "18081:80", "left/busybox:1", "sleep", "600").strip();
      pid = Long.parseLong(docker.ok("inspect", "--format", "{{.State.Pid}}", id).strip());
      assertTrue(Files.exists(Path.of("/proc", Long.toString(pid))));
      assertFalse(cgroupsOf(id).isEmpty(), "the container's cgroups, before");
      host.agent().kill(); // as a crash would, with the container still running
    }
    assertFalse(Files.exists(Path.of("/run/netns", host.namespace())), "namespace");
    assertFalse(Files.exists(Path.of("/sys/class/net", bridge)), "test bridge");
    assertFalse(Files.exists(Path.of("/proc", Long.toString(pid))), "container process");
    assertFalse(Files.exists(host.agent().dataDir()), "data directory");
    String dataDir = host.agent().dataDir().toString();
    assertTrue(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().noneMatch(l -> l.contains(dataDir)), "mounts");
    assertEquals(List.of(), cgroupsOf(id), "cgroups");
  }

  private static List<Path> cgroupsOf(String id) throws Exception {
    try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
      return Stream.concat(Stream.of(Path.of("/sys/fs/cgroup")), hierarchies)
          .map(h -> h.resolve("berth").resolve(id)).filter(Files::exists).toList();
    }
  }
}
