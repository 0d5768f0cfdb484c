package dev.berth.agent.api;

import java.util.Locale;

/**
 * The progress text of dockerd's JSON messages ({@code jsonmessage.JSONProgress}): a 50-column
 * bar and the sizes in decimal units with four significant digits, e.g.
 * {@code [=====>                                             ]  1.235MB/5MB}.
 */
public final class ProgressBar {
  private static final int WIDTH = 50;
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private ProgressBar() {}

  /** The bar for {@code current} of {@code total} bytes (just the count when the total is unknown). */
  public static String render(long current, long total) {
    if (total <= 0) {
      return humanSize(current);
    }
    int filled = (int) Math.min(WIDTH, current * 100 / total / 2);
    return "[" + "=".repeat(filled) + ">" + " ".repeat(WIDTH - filled) + "] "
        + String.format(Locale.ROOT, "%8s/%s", humanSize(current), humanSize(total));
  }

  /** A size as Docker's {@code units.HumanSize} writes it: {@code 1.235MB}, {@code 5MB}, {@code 512B}. */
  public static String humanSize(long bytes) {
    double size = bytes;
    int unit = 0;
    while (size >= 1000 && unit < UNITS.length - 1) {
      size /= 1000;
      unit++;
    }
    String number = String.format(Locale.ROOT, "%.4g", size);
    if (number.contains(".") && !number.contains("e")) {
      number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return number + UNITS[unit];
  }
}
