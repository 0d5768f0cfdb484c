package dev.berth.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (mount, umount, sync, runc…) in a given working directory; failures carry its output. */
public final class HostCommand {
  private static final long TIMEOUT_SECONDS = 120;

  private HostCommand() {}

  /** Runs {@code argv} in {@code directory} and returns its output (stdout and stderr); throws with it when it fails. */
  public static String run(Path directory, List<String> argv) throws IOException {
    return run(directory, argv, null);
  }

  /** {@link #run(Path, List)} with {@code input} on its stdin (null: none). */
  public static String run(Path directory, List<String> argv, String input) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    if (input != null) {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", argv) + ": timed out");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(String.join(" ", argv) + ": interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " failed (exit " + process.exitValue() + "): " + output);
    }
    return output;
  }
}
