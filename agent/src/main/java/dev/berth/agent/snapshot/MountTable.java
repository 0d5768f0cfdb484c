package dev.berth.agent.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The calling process's mount points, read from {@code /proc/self/mountinfo}. */
public final class MountTable {
  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Whether something is mounted on {@code target} (compared by its real path). */
  public static boolean isMountPoint(Path target) throws IOException {
    if (!Files.exists(target)) {
      return false;
    }
    String real = target.toRealPath().toString();
    return mountPoints().contains(real);
  }

  /** Every mount point, decoded (mountinfo escapes space, tab, newline and backslash in octal). */
  static List<String> mountPoints() throws IOException {
    List<String> points = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO)) {
      String[] fields = line.split(" ");
      if (fields.length > 4) {
        points.add(decode(fields[4]));
      }
    }
    return points;
  }

  private static String decode(String field) {
    StringBuilder out = new StringBuilder(field.length());
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length() && isOctal(field, i + 1)) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isOctal(String text, int from) {
    for (int i = from; i < from + 3; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '7') {
        return false;
      }
    }
    return true;
  }
}
