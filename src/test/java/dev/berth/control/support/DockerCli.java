package dev.berth.control.support;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The stock docker CLI pointed at one host of the control plane under test, as `berth env` sets it up. */
public final class DockerCli {
  private final URL controlPlane;
  private final String host;
  private final Path config;

  /** A CLI for {@code host}, sending the admin token. */
  public DockerCli(URL controlPlane, String host) throws IOException {
    this.controlPlane = controlPlane;
    this.host = host;
    this.config = Files.createTempDirectory("berth-docker-cli");
    Files.writeString(config.resolve("config.json"),
        "{\"HttpHeaders\":{\"Authorization\":\"Bearer " + Admin.token() + "\"}}");
  }

  /** What one command printed (stdout and stderr together) and its exit code. */
  public record Result(int exit, String output) {}

  /** Runs {@code docker args…}, optionally with {@code stdin} as its standard input. */
  public Result run(Path stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Map<String, String> env = builder.environment();
    env.put("DOCKER_HOST", "tcp://" + controlPlane.getHost() + ":" + controlPlane.getPort() + "/docker/" + host);
    env.put("DOCKER_CONFIG", config.toString());
    // Output goes to a file, so a command that hangs is caught by the time limit, not by a read.
    Path output = Files.createTempFile("docker-output", ".txt");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("docker " + String.join(" ", args) + " hung; it printed:\n" + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Runs a command that must succeed; returns its output. */
  public String ok(String... args) throws IOException, InterruptedException {
    Result result = run(null, args);
    if (result.exit() != 0) {
      throw new AssertionError("docker " + String.join(" ", args) + " failed:\n" + result.output());
    }
    return result.output();
  }

  /** A root filesystem tar with a static busybox, made here (nothing is downloaded). */
  public static Path busyboxRootfs() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("busybox-rootfs");
    Files.createDirectories(dir.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), dir.resolve("bin/busybox"));
    Files.createSymbolicLink(dir.resolve("bin/sh"), Path.of("busybox"));
    Path tar = Files.createTempFile("busybox-rootfs", ".tar");
    Process process = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", tar.toString(), ".").inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IOException("tar failed");
    }
    return tar;
  }
}
