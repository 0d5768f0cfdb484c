package dev.berth.agent.network;

import java.io.IOException;

/** A host port a container asked for is held by another container or process; the message names it as dockerd does. */
public final class PortInUseException extends IOException {
  /** The failure described by {@code message}. */
  public PortInUseException(String message) {
    super(message);
  }
}
