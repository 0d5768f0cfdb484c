package dev.berth.agent.api.containers;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code podman} with a private storage root under a test's directory (as bench/container-run.sh
 * runs it), the peer a compatibility test compares Berth with. {@link #close} resets that
 * storage and unmounts what podman left mounted there.
 */
final class PodmanCli implements AutoCloseable {
  private final Path dir;

  PodmanCli(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
  }

  /** Whether podman is installed. */
  static boolean installed() {
    try {
      Process process = new ProcessBuilder("podman", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs {@code podman args}, which must succeed; returns stdout and stderr together. */
  String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("podman", "--root", dir.resolve("root").toString(), "--runroot",
        dir.resolve("run").toString(), "--storage-driver", "overlay", "--events-backend", "none",
        "--cgroup-manager", "cgroupfs"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("podman " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("system", "reset", "-f");
    } catch (IOException ignored) {
      // unmounted below whatever it left
    }
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
      String target = line.split(" ")[1];
      if (target.startsWith(dir + "/")) {
        mounts.add(target);
      }
    }
    mounts.sort(java.util.Comparator.reverseOrder());
    for (String target : mounts) {
      new ProcessBuilder("umount", "-l", target).inheritIO().start().waitFor();
    }
  }
}
