package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The hard resource limits of this process (from {@code /proc/self/limits}): a container's rlimits
 * are clamped to them, since raising a hard limit needs CAP_SYS_RESOURCE, which some hosts deny.
 */
public final class HostRlimits {
  /** Docker's RLIMIT_NOFILE for containers (soft and hard). */
  public static final long DOCKER_NOFILE = 1_048_576;

  private static final Map<String, String> ROWS = Map.ofEntries(Map.entry("Max cpu time", "RLIMIT_CPU"),
      Map.entry("Max file size", "RLIMIT_FSIZE"), Map.entry("Max data size", "RLIMIT_DATA"),
      Map.entry("Max stack size", "RLIMIT_STACK"), Map.entry("Max core file size", "RLIMIT_CORE"),
      Map.entry("Max resident set", "RLIMIT_RSS"), Map.entry("Max processes", "RLIMIT_NPROC"),
      Map.entry("Max open files", "RLIMIT_NOFILE"), Map.entry("Max locked memory", "RLIMIT_MEMLOCK"),
      Map.entry("Max address space", "RLIMIT_AS"), Map.entry("Max file locks", "RLIMIT_LOCKS"),
      Map.entry("Max pending signals", "RLIMIT_SIGPENDING"), Map.entry("Max msgqueue size", "RLIMIT_MSGQUEUE"),
      Map.entry("Max nice priority", "RLIMIT_NICE"), Map.entry("Max realtime priority", "RLIMIT_RTPRIO"),
      Map.entry("Max realtime timeout", "RLIMIT_RTTIME"));

  private final Map<String, Long> hard;

  /** Limits by type ({@code RLIMIT_NOFILE}…); a missing type is unlimited. */
  public HostRlimits(Map<String, Long> hard) {
    this.hard = Map.copyOf(hard);
  }

  /** This process's hard limits. */
  public static HostRlimits ofThisProcess() throws IOException {
    return parse(Files.readString(Path.of("/proc/self/limits")));
  }

  /** Parses the text of a {@code /proc/<pid>/limits} file. */
  static HostRlimits parse(String limits) {
    Map<String, Long> hard = new HashMap<>();
    for (String line : limits.split("\n")) {
      for (Map.Entry<String, String> row : ROWS.entrySet()) {
        if (line.startsWith(row.getKey() + " ")) {
          String[] columns = line.substring(row.getKey().length()).trim().split("\\s+");
          if (columns.length >= 2 && !columns[1].equals("unlimited")) {
            hard.put(row.getValue(), Long.parseLong(columns[1]));
          }
        }
      }
    }
    return new HostRlimits(hard);
  }

  /** {@code value} lowered to the host's hard limit for {@code type}. */
  public long clamp(String type, long value) {
    return Math.min(value, hard.getOrDefault(type, Long.MAX_VALUE));
  }

  /** The spec type for Docker's short {@code --ulimit} name ({@code nofile} → {@code RLIMIT_NOFILE}). */
  public static String typeOf(String ulimitName) {
    String type = "RLIMIT_" + ulimitName.toUpperCase(Locale.ROOT);
    if (!ROWS.containsValue(type)) {
      throw new IllegalArgumentException("invalid ulimit type: " + ulimitName);
    }
    return type;
  }
}
