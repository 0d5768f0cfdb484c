package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.agent.runtime.LogLine.Stream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogTest {
  @TempDir Path dir;

  @Test
  void readsLinesWithTheirStreamsAndNanosecondTimes() throws IOException {
    Path log = dir.resolve("container.log");
    Files.writeString(log, """
        2026-11-29T07:50:23.909274201+00:00 stdout F hi there
        2026-11-29T07:50:23.909318648+00:00 stderr F err
        2026-11-29T07:50:24.000000001+01:00 stdout F\s
        """);
    assertEquals(List.of(new LogLine(Instant.parse("2026-11-29T07:50:23.909274201Z"), Stream.STDOUT, "hi there"),
        new LogLine(Instant.parse("2026-11-29T07:50:23.909318648Z"), Stream.STDERR, "err"),
        new LogLine(Instant.parse("2026-11-29T06:50:24.000000001Z"), Stream.STDOUT, "")), ContainerLog.read(log));
  }

  @Test
  void joinsPartialRecordsPerStreamAndKeepsATrailingPartialLine() throws IOException {
    Path log = dir.resolve("container.log");
    Files.writeString(log, """
        2026-01-01T00:00:01.000000000Z stdout P abc
        2026-01-01T00:00:02.000000000Z stderr F interleaved
        2026-01-01T00:00:03.000000000Z stdout F def
        garbage without fields
        2026-01-01T00:00:04.000000000Z stdout P no newline yet""");
    assertEquals(List.of(new LogLine(Instant.parse("2026-01-01T00:00:02Z"), Stream.STDERR, "interleaved"),
        new LogLine(Instant.parse("2026-01-01T00:00:01Z"), Stream.STDOUT, "abcdef"),
        new LogLine(Instant.parse("2026-01-01T00:00:04Z"), Stream.STDOUT, "no newline yet")), ContainerLog.read(log));
  }

  @Test
  void noLogYetIsNoLines() throws IOException {
    assertEquals(List.of(), ContainerLog.read(dir.resolve("absent.log")));
  }
}
