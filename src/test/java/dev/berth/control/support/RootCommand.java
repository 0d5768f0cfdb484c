package dev.berth.control.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A host command run by the test (as root), with its output; set-up fails loudly, clean-up goes on. */
final class RootCommand {
  private static final long LIMIT_SECONDS = 60;

  private RootCommand() {}

  /** Runs {@code command}; returns what it printed, or fails with that when it exits non-zero. */
  static String run(String... command) throws IOException, InterruptedException {
    return run(List.of(command));
  }

  /** Runs {@code command}; returns what it printed, or fails with that when it exits non-zero. */
  static String run(List<String> command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("berth-command", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
      if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " hung; it printed:\n" + Files.readString(output));
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + printed.strip());
      }
      return printed;
    } finally {
      Files.deleteIfExists(output);
    }
  }
}
