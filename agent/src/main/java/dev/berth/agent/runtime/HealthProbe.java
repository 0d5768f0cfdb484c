package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Runs one health check inside a running container with {@code runc exec}, as dockerd runs it with
 * an exec: the container's own environment, user, working directory and capabilities (from its
 * spec), no terminal, stdout and stderr together. A check still running at its timeout is killed
 * and fails with exit code -1 and dockerd's "Health check exceeded timeout (…)". The output goes
 * to a file in the container's directory (so a check's leftover children cannot hold a pipe
 * open), of which the first 4 KiB are kept.
 */
final class HealthProbe {
  /** Output kept of one check, as dockerd keeps. */
  static final int MAX_OUTPUT = 4096;

  private static final Duration AFTER_KILL = Duration.ofSeconds(10);

  private final Runc runc;

  HealthProbe(Runc runc) {
    this.runc = runc;
  }

  /** Runs {@code config}'s check in the container of {@code dir}; an interrupt kills it and throws. */
  HealthResult run(ContainerDirectory dir, HealthConfig config) throws IOException {
    Instant start = Instant.now();
    Path processFile = dir.healthCheckFile("json");
    Path pidFile = dir.healthCheckFile("pid");
    Path outputFile = dir.healthCheckFile("out");
    AtomicFiles.write(processFile, ContainerJson.mapper().writeValueAsBytes(process(dir, config)),
        PosixFilePermissions.fromString("rw-------"));
    Files.deleteIfExists(pidFile);
    Process exec = new ProcessBuilder(runc.execArgv(dir.id(), processFile, pidFile))
        .directory(dir.dir().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(outputFile.toFile())
        .redirectErrorStream(true)
        .start();
    Duration timeout = config.timeoutOrDefault();
    try {
      if (exec.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        return new HealthResult(start, Instant.now(), exec.exitValue(), output(outputFile));
      }
      kill(exec, pidFile);
      String output = output(outputFile);
      return new HealthResult(start, Instant.now(), -1, "Health check exceeded timeout (" + GoDuration.of(timeout) + ")"
          + (output.isEmpty() ? "" : ": " + output));
    } catch (InterruptedException e) {
      kill(exec, pidFile);
      Thread.currentThread().interrupt();
      throw new IOException("health check of container " + dir.id() + " interrupted", e);
    } finally {
      Files.deleteIfExists(outputFile);
    }
  }

  // The check's process: the container's, with the check's argv and no terminal.
  private static RuntimeSpec.Process process(ContainerDirectory dir, HealthConfig config) throws IOException {
    RuntimeSpec.Process init = ContainerJson.mapper().readValue(dir.specFile().toFile(), RuntimeSpec.class).process();
    return new RuntimeSpec.Process(false, init.user(), config.argv(), init.env(), init.cwd(), init.capabilities(),
        init.rlimits(), init.noNewPrivileges());
  }

  // SIGKILL to the check itself (runc would only pass a signal on), then to runc if it does not end.
  private static void kill(Process exec, Path pidFile) {
    try {
      long pid = ContainerDirectory.readPid(pidFile);
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (!exec.waitFor(AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS)) {
        exec.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      exec.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String output(Path file) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] kept = in.readNBytes(MAX_OUTPUT);
      boolean more = in.read() >= 0;
      return new String(kept, StandardCharsets.UTF_8) + (more ? "..." : "");
    }
  }
}
