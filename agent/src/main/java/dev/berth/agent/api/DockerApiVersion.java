package dev.berth.agent.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Docker Engine API versions this agent speaks, and the {@code /vX.Y} path prefix. */
public final class DockerApiVersion {

  /** The API version served, as in Docker Engine 27.3. */
  public static final String CURRENT = "1.47";
  /** The oldest API version clients may ask for. */
  public static final String MINIMUM = "1.24";

  private static final Pattern PREFIX = Pattern.compile("^/v([0-9]+(?:\\.[0-9]+)*)(/.*)$");

  private DockerApiVersion() {}

  /** Returns {@code path} without its version prefix, rejecting versions outside the range. */
  public static String stripPrefix(String path) {
    Matcher matcher = PREFIX.matcher(path);
    if (!matcher.matches()) {
      return path;
    }
    String version = matcher.group(1);
    if (compare(version, CURRENT) > 0) {
      throw new DockerApiException(400, "client version " + version
          + " is too new. Maximum supported API version is " + CURRENT);
    }
    if (compare(version, MINIMUM) < 0) {
      throw new DockerApiException(400, "client version " + version
          + " is too old. Minimum supported API version is " + MINIMUM
          + ", please upgrade your client to a newer version");
    }
    return matcher.group(2);
  }

  /** Compares dotted versions numerically: {@code 1.9 < 1.24}. */
  static int compare(String left, String right) {
    String[] a = left.split("\\.");
    String[] b = right.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      long x = i < a.length ? parse(a[i]) : 0;
      long y = i < b.length ? parse(b[i]) : 0;
      if (x != y) {
        return Long.compare(x, y);
      }
    }
    return 0;
  }

  private static long parse(String part) {
    // Only digits reach here; clamp absurd lengths instead of overflowing.
    return part.length() > 9 ? Long.MAX_VALUE : Long.parseLong(part);
  }
}
