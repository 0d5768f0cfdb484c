package dev.berth.agent.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as dockerd writes them in JSON: Go's RFC 3339 with nanoseconds, trailing zeros trimmed. */
public final class DockerTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private DockerTime() {}

  /** Go's {@code time.RFC3339Nano} in UTC, e.g. {@code 2024-05-01T10:00:00.5Z}. */
  public static String rfc3339Nano(Instant time) {
    String fraction = "";
    if (time.getNano() != 0) {
      fraction = "." + String.format("%09d", time.getNano()).replaceAll("0+$", "");
    }
    return SECONDS.format(time) + fraction + "Z";
  }
}
