package dev.berth.agent.runtime;

import java.io.IOException;

/** An operation the container's state or name forbids (Docker answers these with 409 Conflict). */
public class ContainerConflictException extends IOException {
  /** A conflict, described in Docker's words. */
  public ContainerConflictException(String message) {
    super(message);
  }

  /** dockerd's words for a container its restart policy is about to start again. */
  public static String restarting(String id) {
    return "Container " + id + " is restarting, wait until the container is running";
  }
}
