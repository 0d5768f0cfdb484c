package dev.berth.agent.api;

/** A Docker API error with its HTTP status; answered as {@code {"message": "..."}}. */
public class DockerApiException extends RuntimeException {

  private final int status;

  /** Creates an error answered with {@code status} and {@code message}. */
  public DockerApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
