package dev.berth.agent.registry;

import java.io.IOException;

/** A registry's refusal, with its HTTP status and the message of its error body. */
public final class RegistryError extends IOException {
  private final int status;

  /** A refusal with {@code status}. */
  public RegistryError(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the registry answered. */
  public int status() {
    return status;
  }
}
