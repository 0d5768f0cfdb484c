package dev.berth.agent.layer;

import java.io.FilterInputStream;
import java.io.InputStream;

/** The caller's stream, which closing a decompressor stacked on it must leave open. */
public final class UnclosableInputStream extends FilterInputStream {
  /** Wraps {@code in}; closing the wrapper leaves {@code in} open. */
  public UnclosableInputStream(InputStream in) {
    super(in);
  }

  @Override
  public void close() {}
}
