package dev.berth.agent.image;

/** Text that is not a valid image reference; the message says why, in Docker's words. */
public class InvalidReferenceException extends IllegalArgumentException {
  /** A reference that could not be parsed. */
  public InvalidReferenceException(String message) {
    super(message);
  }
}
