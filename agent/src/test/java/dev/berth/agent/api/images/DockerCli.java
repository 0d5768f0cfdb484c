package dev.berth.agent.api.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.localapi.LocalApiServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stock {@code docker} CLI pointed at an agent's router served on its local unix socket. */
public final class DockerCli implements AutoCloseable {
  private final Path dir;
  private final LocalApiServer server;
  private final Path config;

  DockerCli(ImageApi api) throws IOException {
    this(api.dir, api.agent.dockerApi());
  }

  /** The CLI on {@code router}, keeping its config and output files under {@code dir}. */
  public DockerCli(Path dir, DockerApiRouter router) throws IOException {
    this.dir = dir;
    this.server = LocalApiServer.start(dir.resolve("docker.sock"), router);
    this.config = Files.createDirectories(dir.resolve("docker-config"));
  }

  /** Whether the docker CLI is installed here. */
  public static boolean installed() {
    try {
      Process process = new ProcessBuilder("docker", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** Runs {@code docker args}, which must succeed; returns stdout and stderr together. */
  public String run(String... args) throws Exception {
    return run(null, null, args);
  }

  /** Runs {@code docker args} with stdin from {@code in} and stdout to {@code out} (each may be null). */
  public String run(Path in, Path out, String... args) throws Exception {
    Result result = start(in, out, args);
    assertEquals(0, result.exit, String.join(" ", args) + ": " + result.output);
    return result.output;
  }

  /** Runs {@code docker args}, which must fail; returns its output. */
  public String fails(String... args) throws Exception {
    Result result = start(null, null, args);
    assertNotEquals(0, result.exit, String.join(" ", args) + ": " + result.output);
    return result.output;
  }

  /** Runs {@code docker args}; returns its exit code and output, whatever they are. */
  public Result result(String... args) throws Exception {
    return start(null, null, args);
  }

  /** Starts {@code docker args} and leaves it running (e.g. {@code docker events}); stdout and stderr are its input stream. */
  public Process spawn(String... args) throws IOException {
    return builder(args).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true)
        .start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "--config", config.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DOCKER_HOST", "unix://" + server.path());
    builder.environment().put("DOCKER_BUILDKIT", "0"); // the legacy builder: POST /build
    return builder;
  }

  private Result start(Path in, Path out, String... args) throws Exception {
    ProcessBuilder builder = builder(args);
    builder.redirectInput(in == null ? ProcessBuilder.Redirect.from(new File("/dev/null")) : ProcessBuilder.Redirect.from(in.toFile()));
    Path errors = Files.createTempFile(dir, "docker", ".err");
    if (out != null) {
      builder.redirectOutput(out.toFile()).redirectError(errors.toFile());
    } else {
      builder.redirectErrorStream(true);
    }
    Process process = builder.start();
    String output = out != null ? "" : new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "docker " + String.join(" ", args) + " finished");
    return new Result(process.exitValue(), output + Files.readString(errors));
  }

  /** A finished docker command: its exit code and its output (stdout and stderr). */
  public record Result(int exit, String output) {}

  @Override
  public void close() {
    server.close();
  }
}
