package dev.berth.agent.layer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * A container's overlay upper directory (its writable layer) seen through a handle, with the
 * mount points the runtime made in it: directories and files that exist there only for runc to
 * mount /proc, /dev, /sys or a bind mount on. Docker keeps those in an "init" layer under the
 * container's, so they never count as the container's changes; here they are left out of the
 * changes and of a commit instead.
 *
 * @param dir the upper directory
 * @param mountPoints the absolute container paths mounted on ({@code /proc}, {@code /dev}…)
 */
public record OverlayUpper(DirectoryHandle dir, Set<String> mountPoints) {
  /** xattr overlayfs sets on a directory that hides the lower layers' content. */
  static final String OPAQUE_XATTR = "trusted.overlay.opaque";

  /** Copies the set. */
  public OverlayUpper {
    mountPoints = Set.copyOf(mountPoints);
  }

  /** Whether the absolute container path {@code path} is a mount point. */
  boolean isMountPoint(String path) {
    return mountPoints.contains(path);
  }

  /** Whether the directory {@code name} of {@code parent} is opaque (hides what the lower layers have there). */
  static boolean isOpaque(DirectoryHandle parent, String name) throws IOException {
    return parent.xattr(name, OPAQUE_XATTR).filter(value -> Arrays.equals(value, new byte[] {'y'})).isPresent();
  }
}
