package dev.berth.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The host's memory size: MemTotal of {@code /proc/meminfo}, in bytes. */
public final class HostMemory {
  private HostMemory() {}

  /** MemTotal of this host. */
  public static long totalBytes() throws IOException {
    return totalBytes(Path.of("/proc/meminfo"));
  }

  /** MemTotal of a meminfo file; -1 when it has none. */
  public static long totalBytes(Path meminfo) throws IOException {
    for (String line : Files.readAllLines(meminfo)) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          long value = Long.parseLong(parts[0]);
          return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }
}
