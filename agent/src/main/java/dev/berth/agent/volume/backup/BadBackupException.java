package dev.berth.agent.volume.backup;

import java.io.IOException;

/** A backup archive refused: corrupt, truncated, not matching its checksum, or with unsafe paths. The target is untouched. */
public class BadBackupException extends IOException {
  /** Refused for {@code why}. */
  public BadBackupException(String why, Throwable cause) {
    super(why, cause);
  }
}
