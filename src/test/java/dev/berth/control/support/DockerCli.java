package dev.berth.control.support;

import dev.berth.testsupport.TempTrees;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The stock docker CLI pointed at one host of the control plane under test, as `berth env` sets it
 * up: over HTTPS (an {@code https} URL) it verifies the control plane by Berth's CA, given as
 * {@code ca.pem} in {@code DOCKER_CERT_PATH} (no client certificate: the CLI skips a missing
 * {@code cert.pem}/{@code key.pem}).
 */
public final class DockerCli {
  private final URL controlPlane;
  private final String host;
  private final Path config;

  /** A CLI for {@code host}, sending the admin token. */
  public DockerCli(URL controlPlane, String host) throws IOException {
    this(controlPlane, host, Admin.token());
  }

  /** A CLI for {@code host}, sending this API token. */
  public DockerCli(URL controlPlane, String host, String token) throws IOException {
    this.controlPlane = controlPlane;
    this.host = host;
    this.config = Files.createTempDirectory("berth-docker-cli");
    Files.writeString(config.resolve("config.json"),
        "{\"HttpHeaders\":{\"Authorization\":\"Bearer " + token + "\"}}");
    if (tls()) {
      Files.copy(BerthTls.caFile(), config.resolve("ca.pem"));
    }
  }

  /** The CLI's configuration directory (also its {@code DOCKER_CERT_PATH}). */
  public Path certPath() {
    return config;
  }

  private boolean tls() {
    return "https".equals(controlPlane.getProtocol());
  }

  /** What one command printed (stdout and stderr together) and its exit code. */
  public record Result(int exit, String output) {}

  /** Runs {@code docker args…}, optionally with {@code stdin} as its standard input. */
  public Result run(Path stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    return execute(command, stdin, "docker " + String.join(" ", args));
  }

  private Result execute(List<String> command, Path stdin, String description) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    Map<String, String> env = builder.environment();
    env.put("DOCKER_HOST", "tcp://" + controlPlane.getHost() + ":" + controlPlane.getPort() + "/docker/" + host);
    env.put("DOCKER_CONFIG", config.toString());
    if (tls()) {
      env.put("DOCKER_TLS_VERIFY", "1");
      env.put("DOCKER_CERT_PATH", config.toString());
    }
    // Output goes to a file, so a command that hangs is caught by the time limit, not by a read.
    Path output = Files.createTempFile("docker-output", ".txt");
    try {
      Process process = builder.redirectOutput(output.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(description + " hung; it printed:\n" + Files.readString(output));
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /**
   * Runs {@code docker args…} on a terminal of {@code rows}×{@code columns} (util-linux
   * {@code script} makes one), typing {@code input} once the command had time to start.
   */
  public Result runOnTerminal(int rows, int columns, String input, String... args)
      throws IOException, InterruptedException {
    StringBuilder command = new StringBuilder("stty rows " + rows + " cols " + columns + "; exec docker");
    for (String arg : args) {
      command.append(" '").append(arg.replace("'", "'\\''")).append('\'');
    }
    Path typed = Files.createTempFile("docker-typed", ".txt");
    Files.writeString(typed, input);
    try {
      // the input waits until the command runs, and stdin stays open a while after: an early end would end the session
      return execute(List.of("sh", "-c", "(sleep 2; cat \"$0\"; sleep 3) | script -qec \"$1\" /dev/null",
          typed.toString(), command.toString()), null, "docker " + String.join(" ", args) + " on a terminal");
    } finally {
      Files.deleteIfExists(typed);
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

  /** A root filesystem tar with a static busybox and the applets tests use, made here (nothing is downloaded). */
  public static Path busyboxRootfs() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("busybox-rootfs");
    Files.createDirectories(dir.resolve("bin"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.copy(Path.of("/bin/busybox"), dir.resolve("bin/busybox"));
    for (String applet : List.of("sh", "cat", "id", "stty", "tty", "sleep", "ls", "pwd")) {
      Files.createSymbolicLink(dir.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    Path tar = Files.createTempFile("busybox-rootfs", ".tar");
    Process process = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", tar.toString(), ".").inheritIO().start();
    int exit = process.waitFor();
    TempTrees.delete(dir);
    if (exit != 0) {
      throw new IOException("tar failed");
    }
    return tar;
  }
}
