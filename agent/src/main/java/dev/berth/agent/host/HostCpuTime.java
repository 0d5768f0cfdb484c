package dev.berth.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's CPU time from {@code /proc/stat}, as dockerd's stats collector reads it: the sum of
 * the first seven fields of the {@code cpu} line (user, nice, system, idle, iowait, irq, softirq)
 * in nanoseconds, and how many {@code cpuN} lines there are. {@code docker stats} divides a
 * container's CPU time by this to show CPU %.
 *
 * @param totalNanos CPU time of all CPUs since boot
 * @param onlineCpus CPUs online
 */
public record HostCpuTime(long totalNanos, int onlineCpus) {
  /** USER_HZ, the unit of /proc/stat. */
  private static final long CLOCK_TICKS = 100;

  /** Reads this host's /proc/stat. */
  public static HostCpuTime read() throws IOException {
    return read(Path.of("/proc/stat"));
  }

  /** Reads a /proc/stat file. */
  public static HostCpuTime read(Path procStat) throws IOException {
    long ticks = -1;
    int cpus = 0;
    for (String line : Files.readAllLines(procStat)) {
      String[] fields = line.trim().split("\\s+");
      if (fields[0].equals("cpu")) {
        if (fields.length < 8) {
          throw new IOException("invalid number of cpu fields in " + procStat);
        }
        ticks = 0;
        for (int i = 1; i <= 7; i++) {
          ticks += Long.parseLong(fields[i]);
        }
      } else if (fields[0].startsWith("cpu")) {
        cpus++;
      }
    }
    if (ticks < 0) {
      throw new IOException("no cpu line in " + procStat);
    }
    return new HostCpuTime(ticks * (1_000_000_000L / CLOCK_TICKS), cpus);
  }
}
