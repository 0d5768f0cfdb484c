package dev.berth.agent.job;

import java.util.Locale;
import java.util.regex.Pattern;

/** Job ids are canonical UUIDs; checking them keeps an untrusted string out of file paths. */
public final class JobId {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private JobId() {}

  /** Whether {@code id} is a canonical UUID (any letter case). */
  public static boolean isValid(String id) {
    return id != null && UUID.matcher(id.toLowerCase(Locale.ROOT)).matches();
  }

  /** Returns the lower-case form of a valid id, or throws IllegalArgumentException. */
  public static String normalize(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("invalid job id: " + id);
    }
    return id.toLowerCase(Locale.ROOT);
  }
}
