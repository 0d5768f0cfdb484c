package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;

/**
 * Image names in request paths and queries, read as dockerd's {@code ParseAnyReference} reads
 * them: 64 hex digits or {@code sha256:<hex>} are ids; anything else must be a valid reference
 * (a short id such as {@code 3f57d9401f8d} is one too, and is looked up as both).
 */
public final class ImageNames {
  private ImageNames() {}

  /** Checks {@code name}, refusing what is neither an id nor a reference (400, the parser's words). */
  public static void check(String name) {
    try {
      display(name);
    } catch (InvalidReferenceException e) {
      throw new DockerApiException(400, e.getMessage());
    }
  }

  /** What "No such image: …" names: {@code busybox} → {@code busybox:latest}; ids as given. */
  public static String display(String name) {
    if (name.matches("[a-f0-9]{64}")) {
      return "sha256:" + name;
    }
    if (name.matches("sha256:[a-f0-9]{64}")) {
      return name;
    }
    return Reference.parse(name).withDefaultTag().familiar();
  }

  /** Docker's 404 text for a name that matches no image. */
  public static String notFound(String name) {
    return "No such image: " + display(name);
  }
}
