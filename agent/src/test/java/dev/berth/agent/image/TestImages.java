package dev.berth.agent.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real root filesystems for tests, made from the static busybox the host has: nothing downloaded. */
public final class TestImages {
  /** Every busybox applet linked in /bin, a user "app" 1000:1000, also in group "extra" 30. */
  public static final RootfsChange APPLETS_AND_USERS = rootfs -> {
    for (String applet : run(List.of("/bin/busybox", "--list")).split("\n")) {
      Path link = rootfs.resolve("bin").resolve(applet.strip());
      if (!applet.isBlank() && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of("busybox"));
      }
    }
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
    Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:30:app\n");
  };

  private TestImages() {}

  /** Changes a test rootfs before it is packed. */
  @FunctionalInterface
  public interface RootfsChange {
    /** Changes the files under {@code rootfs}. */
    void apply(Path rootfs) throws IOException, InterruptedException;
  }

  /** A tar of {@code bin/busybox}, {@code bin/sh} → busybox, {@code etc/hostname}; {@code tarFlags} e.g. "-z". */
  public static Path busyboxRootfsTar(Path dir, String name, String... tarFlags) throws IOException, InterruptedException {
    return busyboxRootfsTar(dir, name, rootfs -> { }, tarFlags);
  }

  /** {@link #busyboxRootfsTar(Path, String, String...)} with {@code change} applied to the rootfs before packing. */
  public static Path busyboxRootfsTar(Path dir, String name, RootfsChange change, String... tarFlags)
      throws IOException, InterruptedException {
    Path rootfs = Files.createDirectories(dir.resolve(name + "-rootfs"));
    Files.createDirectories(rootfs.resolve("bin"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
    Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
    Files.writeString(rootfs.resolve("etc/hostname"), name + "\n");
    change.apply(rootfs);
    Path tar = dir.resolve(name + ".tar");
    List<String> command = new ArrayList<>(List.of("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0"));
    command.addAll(List.of(tarFlags));
    command.addAll(List.of("-cf", tar.toString(), "-C", rootfs.toString(), "."));
    run(command);
    return tar;
  }

  /** A tar holding one small file {@code name} with {@code content}. */
  public static Path fileTar(Path dir, String name, String content) throws IOException, InterruptedException {
    Path root = Files.createDirectories(dir.resolve("tree-" + name));
    Files.writeString(root.resolve(name), content);
    Path tar = dir.resolve("layer-" + name + ".tar");
    run(List.of("tar", "--mtime=@0", "--owner=0", "--group=0", "-cf", tar.toString(), "-C", root.toString(), name));
    return tar;
  }

  /** Runs a command, failing with its output when it fails; returns its output. */
  public static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
