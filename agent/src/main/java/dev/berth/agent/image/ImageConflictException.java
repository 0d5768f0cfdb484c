package dev.berth.agent.image;

import java.io.IOException;

/** An operation that would break something in use (Docker answers these with 409 Conflict). */
public class ImageConflictException extends IOException {
  /** A conflict, described in Docker's words. */
  public ImageConflictException(String message) {
    super(message);
  }
}
