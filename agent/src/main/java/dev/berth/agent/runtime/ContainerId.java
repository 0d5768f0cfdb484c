package dev.berth.agent.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Container ids as Docker makes them: 64 random lower-case hex characters, never all digits in the short form. */
public final class ContainerId {
  private static final Pattern FULL = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContainerId() {}

  /** A new random id. */
  public static String generate() {
    while (true) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      String id = HexFormat.of().formatHex(bytes);
      if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) { // would read as a number (Docker's rule)
        return id;
      }
    }
  }

  /** Whether {@code value} is a full id. */
  public static boolean isFull(String value) {
    return value != null && FULL.matcher(value).matches();
  }

  /** Returns {@code id}, or throws when it is not a full id. */
  public static String check(String id) {
    if (!isFull(id)) {
      throw new IllegalArgumentException("not a container id: " + id);
    }
    return id;
  }
}
