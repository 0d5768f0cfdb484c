package dev.berth.agent.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads cgroup interface files the way containerd's cgroups library does: a missing file (a
 * controller the host lacks) reads as zero or empty, {@code max} as unlimited.
 */
final class CgroupFiles {
  private CgroupFiles() {}

  /** Fails with {@link NoSuchFileException} when the cgroup directory {@code dir} is gone. */
  static void requireExists(Path dir) throws NoSuchFileException {
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "the cgroup is gone");
    }
  }

  /** A file holding one number; {@code max} is {@code unlimited}; a missing file is 0. */
  static long number(Path file, long unlimited) throws IOException {
    String text = text(file);
    if (text.isEmpty()) {
      return 0;
    }
    return text.equals("max") ? unlimited : parse(text);
  }

  /** A file of whitespace-separated numbers ({@code cpuacct.usage_percpu}); a missing file is empty. */
  static List<Long> numbers(Path file) throws IOException {
    List<Long> values = new ArrayList<>();
    for (String field : text(file).split("\\s+")) {
      if (!field.isEmpty()) {
        values.add(parse(field));
      }
    }
    return values;
  }

  /** A flat keyed file ({@code key value} lines: memory.stat, cpu.stat, memory.events); a missing file is empty. */
  static Map<String, Long> keyed(Path file) throws IOException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : lines(file)) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length == 2) {
        values.put(fields[0], parse(fields[1]));
      }
    }
    return values;
  }

  /** The file's lines; a missing file has none. */
  static List<String> lines(Path file) throws IOException {
    String text = text(file);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /** The pids in {@code cgroup.procs} of {@code dir} and of every cgroup below it. */
  static List<Long> processes(Path dir) throws IOException {
    requireExists(dir);
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> tree = Files.walk(dir)) {
      for (Path cgroup : tree.filter(Files::isDirectory).toList()) {
        for (String line : lines(cgroup.resolve("cgroup.procs"))) {
          if (!line.isBlank()) {
            pids.add(Long.parseLong(line.trim()));
          }
        }
      }
    }
    return pids;
  }

  // Counters are unsigned 64-bit: one past Long.MAX_VALUE (never seen in practice) saturates, a
  // negative one reads as 0, as containerd reads it.
  private static long parse(String text) throws IOException {
    if (!text.matches("-?[0-9]+")) {
      throw new IOException("not a number in a cgroup file: " + text);
    }
    if (text.startsWith("-")) {
      return 0;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLarge) {
      return Long.MAX_VALUE;
    }
  }

  private static String text(Path file) throws IOException {
    try {
      return Files.readString(file).strip();
    } catch (NoSuchFileException missing) {
      return "";
    }
  }
}
