package dev.berth.agent.runtime;

import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.ImageUsers;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.TestImages;
import dev.berth.agent.state.AgentLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real runtime for a test: its own data directory, a busybox image ("bb:test", every applet
 * linked in /bin, a user "app" 1000:1000 in group "extra" 30) and its own cgroup parent.
 * {@link #close} removes every trace — runc containers, mounts, cgroups — even after a failure.
 */
public final class RuntimeFixture implements AutoCloseable {
  static final String IMAGE = "bb:test";

  final Path dir;
  final AgentLayout layout;
  final ImageService images;
  final RuntimeSettings settings;
  final String cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<ContainerRuntime> runtimes = new ArrayList<>();

  RuntimeFixture(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    this.layout = new AgentLayout(dir.resolve("data"));
    this.images = ImageService.open(layout, ImageUsers.NONE);
    this.settings = RuntimeSettings.of(layout).withCgroupParent(cgroupParent);
    Path tar = TestImages.busyboxRootfsTar(dir, "bb", TestImages.APPLETS_AND_USERS);
    try (InputStream in = Files.newInputStream(tar)) {
      images.importTar(in, List.of("CMD [\"/bin/sh\"]", "ENV FROM_IMAGE=yes"), "", Optional.of(Reference.parse(IMAGE)));
    }
  }

  /** A fixture in {@code dir}; skips the test unless it runs as root with runc and conmon installed. */
  static RuntimeFixture onThisHost(Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    Assumptions.assumeTrue(Files.isExecutable(RuntimeSettings.find("runc"))
        && Files.isExecutable(RuntimeSettings.find("conmon")), "needs runc and conmon");
    return new RuntimeFixture(dir);
  }

  /** A new runtime over the fixture's directories (as an agent start would make); closed with the fixture. */
  ContainerRuntime runtime() throws IOException {
    return runtime(EngineEvents.NONE);
  }

  /** {@link #runtime()} publishing its containers' events to {@code events}. */
  ContainerRuntime runtime(EngineEvents events) throws IOException {
    ContainerRuntime runtime = new ContainerRuntime(settings, images,
        new SpecGenerator(HostRlimits.ofThisProcess(), cgroupParent, () -> "fixture-host"), events);
    runtimes.add(runtime);
    return runtime;
  }

  /** Options for a container of the fixture's image running {@code argv}. */
  static CreateOptions.Builder run(String... argv) {
    return CreateOptions.builder(IMAGE).cmd(argv);
  }

  /** Waits (10 s at most) until conmon has written container {@code id}'s exit file. */
  void awaitExitFile(String id) throws IOException, InterruptedException {
    ContainerDirectory exits = ContainerDirectory.of(settings.containersDir(), id);
    for (int i = 0; i < 400 && exits.exitCode().isEmpty(); i++) {
      Thread.sleep(25);
    }
    Assertions.assertTrue(exits.exitCode().isPresent(), "the container exited");
  }

  /** The log's lines as "stdout text" / "stderr text". */
  static List<String> output(ContainerRuntime runtime, String id) throws IOException {
    return runtime.logs(id).stream().map(l -> l.stream().name().toLowerCase() + " " + l.text()).toList();
  }

  @Override
  public void close() throws Exception {
    runtimes.forEach(ContainerRuntime::close); // no restart policy acts while the traces go
    removeTraces(dir, settings);
  }

  /** Removes what containers under {@code dir} with {@code settings} left: runc containers, mounts, cgroups. */
  public static void removeTraces(Path dir, RuntimeSettings settings) throws IOException, InterruptedException {
    Path runcRoot = settings.runcRoot();
    if (Files.isDirectory(runcRoot)) {
      try (DirectoryStream<Path> ids = Files.newDirectoryStream(runcRoot)) {
        for (Path id : ids) {
          quietly(settings.runc().toString(), "--root=" + runcRoot.toRealPath(), "delete", "--force", id.getFileName().toString());
        }
      }
    }
    String prefix = dir.toRealPath() + "/";
    for (int pass = 0; pass < 8; pass++) {
      List<String> mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
          .map(line -> line.split(" ")[1]).filter(p -> p.startsWith(prefix)).toList();
      if (mounted.isEmpty()) {
        break;
      }
      for (String mountPoint : mounted) {
        quietly("umount", "--lazy", mountPoint);
      }
    }
    for (Path cgroup : cgroups(settings.cgroupParent())) {
      try (Stream<Path> tree = Files.walk(cgroup)) {
        for (Path d : tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
          quietly("rmdir", d.toString());
        }
      }
    }
  }

  /** This fixture's cgroup directories, one per mounted hierarchy. */
  List<Path> cgroups() throws IOException {
    return cgroups(cgroupParent);
  }

  /** The cgroup directories of {@code cgroupParent}, one per mounted hierarchy. */
  public static List<Path> cgroups(String cgroupParent) throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(Path.of("/sys/fs/cgroup"))) {
      for (Path hierarchy : hierarchies) {
        Path cgroup = hierarchy.resolve(cgroupParent.substring(1));
        if (Files.isDirectory(cgroup)) {
          found.add(cgroup);
        }
      }
    }
    return found;
  }

  private static void quietly(String... argv) throws IOException, InterruptedException {
    new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
