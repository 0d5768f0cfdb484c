package dev.berth.agent.volume;

import java.io.IOException;

/** Only the {@code local} driver exists: dockerd's words for a plugin it cannot find (404). */
public class VolumeDriverNotFoundException extends IOException {
  /** The driver asked for. */
  public VolumeDriverNotFoundException(String driver) {
    super("error looking up volume plugin " + driver + ": plugin \"" + driver + "\" not found");
  }
}
