package dev.berth.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  /**
   * One record as conmon wrote it, unjoined.
   *
   * @param time when conmon read it
   * @param stream which stream it came from
   * @param partial whether the line goes on in the next record (no newline was written yet)
   * @param text what was written, without the newline
   */
  public record Record(Instant time, LogLine.Stream stream, boolean partial, String text) {}

  /** Parses one line of the log; empty when it is torn (being written) or not a record. */
  public static Optional<Record> parseRecord(String record) {
    String[] fields = record.split(" ", 4);
    if (fields.length < 3) {
      return Optional.empty();
    }
    LogLine.Stream stream = switch (fields[1]) {
      case "stdout" -> LogLine.Stream.STDOUT;
      case "stderr" -> LogLine.Stream.STDERR;
      default -> null;
    };
    if (stream == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Record(OffsetDateTime.parse(fields[0]).toInstant(), stream, fields[2].equals("P"),
          fields.length == 4 ? fields[3] : ""));
    } catch (DateTimeParseException torn) {
      return Optional.empty();
    }
  }

  private static void parse(String text, List<LogLine> lines, Map<LogLine.Stream, LogLine> partial) {
    Optional<Record> parsed = parseRecord(text);
    if (parsed.isEmpty()) {
      return; // a torn record (the log is being written): skip it
    }
    Record record = parsed.get();
    LogLine before = partial.remove(record.stream());
    LogLine line = before == null ? new LogLine(record.time(), record.stream(), record.text())
        : new LogLine(before.time(), record.stream(), before.text() + record.text());
    if (record.partial()) {
      partial.put(record.stream(), line);
    } else {
      lines.add(line);
    }
  }
}
