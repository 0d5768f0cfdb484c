package dev.berth.agent.host;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Asks a host tool for its version: the first line it prints for {@code <tool> --version}. */
public final class ToolVersionProbe {

  private static final long TIMEOUT_SECONDS = 5;
  private static final int MAX_OUTPUT_BYTES = 4096;

  /** Returns the first non-blank output line, or empty when the tool is missing or fails. */
  public Optional<String> firstLine(String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(args.length == 0 ? List.of("--version") : List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException notInstalled) {
      return Optional.empty();
    }
    try (InputStream out = process.getInputStream()) {
      // A version line is tiny and fits the pipe buffer, so waiting first cannot dead-lock;
      // a tool that hangs is given up on rather than holding the agent.
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      byte[] head = out.readNBytes(MAX_OUTPUT_BYTES);
      return new String(head, StandardCharsets.UTF_8).lines()
          .map(String::strip).filter(line -> !line.isEmpty()).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      process.destroyForcibly();
    }
  }
}
