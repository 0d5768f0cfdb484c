package dev.berth.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads conmon's k8s-file log: one record a line, {@code <RFC3339Nano> <stdout|stderr> <F|P> <text>}.
 * {@code P} marks a partial line (conmon's buffer filled, or the process wrote no newline yet);
 * it is joined with the records after it on the same stream up to the next {@code F}, and takes
 * the first part's time. A trailing partial line is returned as it stands.
 */
public final class ContainerLog {
  private ContainerLog() {}

  /** Every line of the log at {@code file}, oldest first; empty when there is no log yet. */
  public static List<LogLine> read(Path file) throws IOException {
    List<LogLine> lines = new ArrayList<>();
    Map<LogLine.Stream, LogLine> partial = new EnumMap<>(LogLine.Stream.class);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String record;
      while ((record = in.readLine()) != null) {
        parse(record, lines, partial);
      }
    } catch (NoSuchFileException none) {
      return lines;
    }
    lines.addAll(partial.values());
    return lines;
  }

  private static void parse(String record, List<LogLine> lines, Map<LogLine.Stream, LogLine> partial) {
    String[] fields = record.split(" ", 4);
    if (fields.length < 3) {
      return; // a torn record (the log is being written): skip it
    }
    LogLine.Stream stream = switch (fields[1]) {
      case "stdout" -> LogLine.Stream.STDOUT;
      case "stderr" -> LogLine.Stream.STDERR;
      default -> null;
    };
    if (stream == null) {
      return;
    }
    java.time.Instant time;
    try {
      time = OffsetDateTime.parse(fields[0]).toInstant();
    } catch (DateTimeParseException torn) {
      return;
    }
    String text = fields.length == 4 ? fields[3] : "";
    LogLine before = partial.remove(stream);
    LogLine line = before == null ? new LogLine(time, stream, text) : new LogLine(before.time(), stream, before.text() + text);
    if (fields[2].equals("P")) {
      partial.put(stream, line);
    } else {
      lines.add(line);
    }
  }
}
