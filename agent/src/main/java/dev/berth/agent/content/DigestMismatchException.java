package dev.berth.agent.content;

import java.io.IOException;

/** Content did not hash to (or have the size of) what its descriptor promised; nothing was stored. */
public class DigestMismatchException extends IOException {
  /** A mismatch between what was expected and what arrived. */
  public DigestMismatchException(String message) {
    super(message);
  }
}
