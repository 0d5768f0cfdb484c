package dev.berth.agent.runtime.cgroup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Parses block I/O counter files into {@link CgroupSample.Entry} lists, as containerd does. */
final class BlkioLines {
  private BlkioLines() {}

  /** cgroup v1 {@code blkio.*}: {@code "8:0 Read 4096"} (or {@code "8:0 4096"} without an operation); the Total line is skipped. */
  static List<CgroupSample.Entry> v1(List<String> lines) throws IOException {
    List<CgroupSample.Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.trim().split("[ :]+");
      if (fields.length == 2 && fields[0].equals("Total") || line.isBlank()) {
        continue;
      }
      if (fields.length < 3) {
        throw new IOException("invalid blkio line: " + line);
      }
      String op = fields.length == 4 ? fields[2] : "";
      entries.add(new CgroupSample.Entry(number(fields[0]), number(fields[1]), op, number(fields[fields.length - 1])));
    }
    return entries;
  }

  /** cgroup v2 {@code io.stat}: {@code "8:0 rbytes=1 wbytes=2 rios=3 …"} as a read and a write entry per device. */
  static List<CgroupSample.Entry> v2(List<String> lines) throws IOException {
    List<CgroupSample.Entry> entries = new ArrayList<>();
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+");
      String[] device = fields[0].split(":");
      if (device.length != 2) {
        continue;
      }
      long read = 0;
      long written = 0;
      for (String field : fields) {
        if (field.startsWith("rbytes=")) {
          read = number(field.substring(7));
        } else if (field.startsWith("wbytes=")) {
          written = number(field.substring(7));
        }
      }
      long major = number(device[0]);
      long minor = number(device[1]);
      entries.add(new CgroupSample.Entry(major, minor, "read", read));
      entries.add(new CgroupSample.Entry(major, minor, "write", written));
    }
    return entries;
  }

  private static long number(String text) throws IOException {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IOException("invalid number in a blkio file: " + text);
    }
  }
}
