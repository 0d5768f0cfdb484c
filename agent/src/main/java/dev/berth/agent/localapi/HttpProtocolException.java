package dev.berth.agent.localapi;

import java.io.IOException;

/**
 * A request that breaks HTTP/1.1 (a bad request line, an oversized head, a malformed chunk):
 * answered with {@link #status()} when nothing was sent yet, and the connection closed.
 */
final class HttpProtocolException extends IOException {
  private final int status;

  /** A violation answered with {@code status}, e.g. 400, and {@code message}. */
  HttpProtocolException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  int status() {
    return status;
  }
}
