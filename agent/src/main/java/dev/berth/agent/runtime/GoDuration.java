package dev.berth.agent.runtime;

import java.time.Duration;

/** Durations written as Go's {@code time.Duration.String} writes them ("200ms", "1.5s", "1m30s"), for dockerd's messages. */
final class GoDuration {
  private static final long MICRO = 1_000;
  private static final long MILLI = 1_000_000;
  private static final long SECOND = 1_000_000_000;

  private GoDuration() {}

  /** {@code duration} in Go's words. */
  static String of(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos < 0) {
      return "-" + of(duration.negated());
    }
    if (nanos < MICRO) {
      return nanos + "ns";
    }
    if (nanos < MILLI) {
      return decimal(nanos, MICRO) + "µs";
    }
    if (nanos < SECOND) {
      return decimal(nanos, MILLI) + "ms";
    }
    long hours = nanos / (3600 * SECOND);
    long minutes = nanos / (60 * SECOND) % 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append('m');
    }
    return text.append(decimal(nanos % (60 * SECOND), SECOND)).append('s').toString();
  }

  // value/unit with the fraction's trailing zeros dropped: 1500000 / 1000000 is "1.5"
  private static String decimal(long value, long unit) {
    long whole = value / unit;
    long fraction = value % unit;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    int digits = Long.toString(unit).length() - 1;
    String decimals = String.format("%0" + digits + "d", fraction).replaceAll("0+$", "");
    return whole + "." + decimals;
  }
}
