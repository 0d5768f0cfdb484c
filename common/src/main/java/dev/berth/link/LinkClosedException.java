package dev.berth.link;

import java.io.IOException;

/** A stream or send failed because the link (or the stream) was closed or reset. */
public class LinkClosedException extends IOException {
  /** Failure with the reason the link or stream ended. */
  public LinkClosedException(String reason) {
    super(reason);
  }
}
