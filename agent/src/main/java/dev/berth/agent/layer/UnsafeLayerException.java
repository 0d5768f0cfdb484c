package dev.berth.agent.layer;

import java.io.IOException;

/**
 * A layer entry would write outside the target or through a symlink ({@code ..}, an absolute name,
 * a hard link out of the layer...). The message names the entry and why; the caller discards the
 * partly applied target.
 */
public class UnsafeLayerException extends IOException {
  /** An unsafe entry, named in the message. */
  public UnsafeLayerException(String entry, String why) {
    super("unsafe layer entry \"" + entry + "\": " + why);
  }
}
