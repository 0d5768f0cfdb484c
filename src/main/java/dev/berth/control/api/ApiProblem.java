package dev.berth.control.api;

/**
 * A request Berth refuses, answered as RFC 9457 {@code application/problem+json} on the APIs.
 * Thrown before anything is changed.
 */
public class ApiProblem extends RuntimeException {
  private final int status;

  /** A problem with an HTTP status and a human-readable detail. */
  public ApiProblem(int status, String detail) {
    super(detail);
    this.status = status;
  }

  /** 400: the request is malformed or invalid. */
  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, detail);
  }

  /** 404: the named object does not exist. */
  public static ApiProblem notFound(String detail) {
    return new ApiProblem(404, detail);
  }

  /** 409: the request conflicts with the current state. */
  public static ApiProblem conflict(String detail) {
    return new ApiProblem(409, detail);
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
