package dev.berth.agent.host;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One reading of the host's resource counters, the raw material of {@link HostStatsSampler}: CPU
 * ticks from {@code /proc/stat}, memory from {@code /proc/meminfo}, the data root's file system
 * (statfs), bytes through the physical network interfaces ({@code /proc/net/dev}) and sectors
 * through the physical disks ({@code /proc/diskstats}). Interfaces and disks whose sysfs entry
 * leads into {@code /sys/devices/virtual} (loopback, bridges, veths, loop and device-mapper devices,
 * zram) are left out: their traffic is counted on a physical one too, or never leaves the host.
 * Counters that cannot be read are 0 (sizes -1), so one missing file does not hide the others.
 *
 * @param cpuBusyTicks CPU ticks of all CPUs spent other than idle or waiting for I/O, since boot
 * @param cpuTotalTicks CPU ticks of all CPUs since boot
 * @param memoryTotalBytes MemTotal
 * @param memoryAvailableBytes MemAvailable (free plus reclaimable)
 * @param diskTotalBytes size of the data root's file system
 * @param diskFreeBytes space on it available to the agent
 * @param netReceivedBytes bytes received by the physical interfaces since boot
 * @param netSentBytes bytes sent by them
 * @param blockReadBytes bytes read from the physical disks since boot
 * @param blockWrittenBytes bytes written to them
 */
public record HostCounters(long cpuBusyTicks, long cpuTotalTicks, long memoryTotalBytes, long memoryAvailableBytes,
                           long diskTotalBytes, long diskFreeBytes, long netReceivedBytes, long netSentBytes,
                           long blockReadBytes, long blockWrittenBytes) {
  private static final long SECTOR_BYTES = 512; // /proc/diskstats counts 512-byte sectors whatever the disk's

  /** Reads the counters of the host whose /proc and /sys are below {@code root}, the disk where {@code dataDir} is. */
  public static HostCounters read(Path root, Path dataDir) {
    long[] cpu = cpuTicks(lines(root.resolve("proc/stat")));
    long[] memory = memory(lines(root.resolve("proc/meminfo")));
    long[] disk = fileSystem(dataDir);
    long[] net = network(root, lines(root.resolve("proc/net/dev")));
    long[] block = block(root, lines(root.resolve("proc/diskstats")));
    return new HostCounters(cpu[0], cpu[1], memory[0], memory[1], disk[0], disk[1], net[0], net[1], block[0], block[1]);
  }

  // "cpu user nice system idle iowait irq softirq steal ...": busy is all but idle and iowait.
  private static long[] cpuTicks(List<String> stat) {
    for (String line : stat) {
      String[] fields = line.trim().split("\\s+");
      if (fields[0].equals("cpu") && fields.length >= 6) {
        long total = 0;
        for (int i = 1; i < Math.min(fields.length, 9); i++) {
          total += number(fields[i]);
        }
        return new long[] {total - number(fields[4]) - number(fields[5]), total};
      }
    }
    return new long[] {0, 0};
  }

  private static long[] memory(List<String> meminfo) {
    long total = -1;
    long available = -1;
    for (String line : meminfo) {
      String[] fields = line.split("[:\\s]+");
      if (fields.length >= 2 && fields[0].equals("MemTotal")) {
        total = number(fields[1]) * 1024;
      } else if (fields.length >= 2 && fields[0].equals("MemAvailable")) {
        available = number(fields[1]) * 1024;
      }
    }
    return new long[] {total, available};
  }

  private static long[] fileSystem(Path dataDir) {
    Path existing = dataDir.toAbsolutePath();
    while (existing.getParent() != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      FileStore store = Files.getFileStore(existing);
      return new long[] {store.getTotalSpace(), store.getUsableSpace()};
    } catch (IOException | SecurityException e) {
      return new long[] {-1, -1};
    }
  }

  // "  eth0: rx_bytes rx_packets ... (8 receive fields) tx_bytes ..."
  private static long[] network(Path root, List<String> netDev) {
    long received = 0;
    long sent = 0;
    for (String line : netDev) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String[] fields = line.substring(colon + 1).trim().split("\\s+");
      if (fields.length >= 9 && isPhysical(root.resolve("sys/class/net").resolve(name))) {
        received += number(fields[0]);
        sent += number(fields[8]);
      }
    }
    return new long[] {received, sent};
  }

  // "major minor name reads merged sectors_read ms writes merged sectors_written ...": whole disks only
  // (partitions have no /sys/block entry).
  private static long[] block(Path root, List<String> diskstats) {
    long read = 0;
    long written = 0;
    for (String line : diskstats) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 10 && isPhysical(root.resolve("sys/block").resolve(fields[2]))) {
        read += number(fields[5]) * SECTOR_BYTES;
        written += number(fields[9]) * SECTOR_BYTES;
      }
    }
    return new long[] {read, written};
  }

  // A sysfs device link that exists and does not lead into /sys/devices/virtual.
  private static boolean isPhysical(Path sysfsLink) {
    try {
      return !Files.readSymbolicLink(sysfsLink).toString().contains("devices/virtual/");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | SecurityException e) {
      return List.of();
    }
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
