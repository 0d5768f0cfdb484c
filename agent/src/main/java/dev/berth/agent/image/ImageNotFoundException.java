package dev.berth.agent.image;

import java.io.IOException;

/** No image matches a reference or id ("No such image: …", as Docker says). */
public class ImageNotFoundException extends IOException {
  /** The reference or id that matched nothing. */
  public ImageNotFoundException(String referenceOrId) {
    super("No such image: " + referenceOrId);
  }
}
