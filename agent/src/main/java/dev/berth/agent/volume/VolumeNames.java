package dev.berth.agent.volume;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Volume names as Docker's local driver allows them, and generated ones for anonymous volumes. */
public final class VolumeNames {
  private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
  private static final SecureRandom RANDOM = new SecureRandom();

  private VolumeNames() {}

  /** Refuses a name the local driver would, in its words. */
  public static void check(String name) {
    if (name.length() == 1) {
      throw new IllegalArgumentException("create " + name
          + ": volume name is too short, names should be at least two alphanumeric characters");
    }
    if (!VALID.matcher(name).matches()) {
      throw new IllegalArgumentException("create " + name + ": \"" + name + "\" includes invalid characters for a local "
          + "volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
          + "use absolute path");
    }
  }

  /** A new random name: 64 hex characters, as dockerd names anonymous volumes. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
