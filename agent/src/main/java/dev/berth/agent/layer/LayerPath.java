package dev.berth.agent.layer;

import java.util.StringJoiner;

/**
 * Turns a tar entry name into a path relative to the target, or refuses it. A leading {@code ./}
 * and empty or {@code .} components are dropped (tar writes them); a leading {@code /} and any
 * {@code ..} component are unsafe. Docker would strip the {@code /}; Berth refuses it, because no
 * well-formed layer has one and an absolute name in a layer is a sign of a crafted archive.
 */
final class LayerPath {
  static final String WHITEOUT_PREFIX = ".wh.";
  static final String OPAQUE = ".wh..wh..opq";

  private LayerPath() {}

  /** The normalized relative path ({@code ""} for the target itself) of the entry named {@code name}. */
  static String of(String name, String entry) throws UnsafeLayerException {
    if (name.isEmpty()) {
      throw new UnsafeLayerException(entry, "empty name");
    }
    if (name.indexOf('\0') >= 0) {
      throw new UnsafeLayerException(entry, "name contains a NUL byte");
    }
    if (name.startsWith("/")) {
      throw new UnsafeLayerException(entry, "absolute name");
    }
    StringJoiner joined = new StringJoiner("/");
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw new UnsafeLayerException(entry, "'..' component");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        joined.add(part);
      }
    }
    return joined.toString();
  }

  /** The parent of a relative path, {@code ""} for a top-level one. */
  static String parent(String relative) {
    int slash = relative.lastIndexOf('/');
    return slash < 0 ? "" : relative.substring(0, slash);
  }

  /** The last component of a relative path. */
  static String baseName(String relative) {
    return relative.substring(relative.lastIndexOf('/') + 1);
  }

  /** Joins a parent and a child name. */
  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "/" + name;
  }
}
