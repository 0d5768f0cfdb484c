package dev.berth.agent.volume.backup;

import java.util.Locale;

/** How a backup keeps the volume's content consistent while it reads it. */
public enum BackupMode {
  /** Read while the containers using the volume go on writing. */
  LIVE,
  /** Freeze the running users (cgroup freezer) for the duration, thaw them after. */
  PAUSE,
  /** Stop the running users for the duration, start them again after. */
  STOP;

  /** The mode named {@code text} (any case; null or empty: live); anything else is refused. */
  public static BackupMode of(String text) {
    if (text == null || text.isEmpty()) {
      return LIVE;
    }
    for (BackupMode mode : values()) {
      if (mode.wireName().equals(text.toLowerCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException("invalid backup mode \"" + text + "\": must be live, pause or stop");
  }

  /** Its name in the API and manifest. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
