package dev.berth.agent.enroll;

/** The control plane refused to enroll this host; the message is its explanation. */
public final class EnrollmentException extends Exception {

  private final int status;

  /** Creates the exception for an HTTP {@code status} with the control plane's {@code detail}. */
  public EnrollmentException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  /** The HTTP status the control plane answered with. */
  public int status() {
    return status;
  }
}
