package dev.berth.agent.runtime;

import java.io.IOException;

/** An operation the container's state or name forbids (Docker answers these with 409 Conflict). */
public class ContainerConflictException extends IOException {
  /** A conflict, described in Docker's words. */
  public ContainerConflictException(String message) {
    super(message);
  }
}
