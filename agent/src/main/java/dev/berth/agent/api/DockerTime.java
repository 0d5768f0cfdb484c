package dev.berth.agent.api;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as dockerd writes them in JSON (Go's RFC 3339 with nanoseconds, trailing zeros trimmed)
 * and as the API takes them in {@code since}/{@code until} parameters.
 */
public final class DockerTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private DockerTime() {}

  /**
   * A {@code since}/{@code until} value: an RFC 3339 time, or unix seconds with an optional fraction
   * as the CLI sends them ({@code 1700000000.000000001}). A bad number fails in Go's words, as
   * dockerd's answer has them.
   */
  public static Instant parseTimestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notRfc3339) {
      // unix seconds, then
    }
    int dot = text.indexOf('.');
    long seconds = parseInt(dot < 0 ? text : text.substring(0, dot));
    if (dot < 0) {
      return Instant.ofEpochSecond(seconds);
    }
    String fraction = text.substring(dot + 1);
    long nanos = parseInt(fraction);
    for (int digits = fraction.length(); digits != 9; digits += digits < 9 ? 1 : -1) {
      nanos = digits < 9 ? nanos * 10 : nanos / 10;
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  // Go's strconv.ParseInt(text, 10, 64), its errors worded as Go words them.
  private static long parseInt(String text) {
    if (!text.matches("[+-]?[0-9]+")) {
      throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + text + "\": value out of range");
    }
  }

  /** Go's {@code time.RFC3339Nano} in UTC, e.g. {@code 2024-05-01T10:00:00.5Z}. */
  public static String rfc3339Nano(Instant time) {
    String fraction = "";
    if (time.getNano() != 0) {
      fraction = "." + String.format("%09d", time.getNano()).replaceAll("0+$", "");
    }
    return SECONDS.format(time) + fraction + "Z";
  }
}
