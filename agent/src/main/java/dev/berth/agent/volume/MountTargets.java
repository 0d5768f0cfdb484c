package dev.berth.agent.volume;

import java.nio.file.Path;

/** Mount destinations in a container as dockerd accepts them: absolute, not {@code /}, normalised. */
final class MountTargets {
  private MountTargets() {}

  /** The normalised {@code destination} of a {@code type} mount; refused with {@code prefix} before dockerd's words. */
  static String check(String destination, String type, String prefix) {
    if (!destination.startsWith("/")) {
      throw new IllegalArgumentException(prefix + "invalid mount config for type \"" + type + "\": invalid mount path: '"
          + destination + "' mount path must be absolute");
    }
    String normal = Path.of(destination).normalize().toString();
    if (normal.equals("/")) {
      throw new IllegalArgumentException(prefix + "invalid specification: destination can't be '/'");
    }
    return normal;
  }
}
