package dev.berth.agent.snapshot;

import dev.berth.agent.host.HostCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Mounts overlays with {@code /bin/mount}, run in the snapshotter root so every directory in
 * the options is a short relative path ({@code l/<link>}, {@code active/<key>/upper}): the kernel
 * takes at most one page of mount data, which 125 absolute layer paths would overflow.
 */
final class OverlayMounter {
  /** The kernel copies at most one page of mount options (4096 bytes on x86-64), NUL included. */
  static final int MOUNT_DATA_LIMIT = 4096;
  /** An always-empty directory: the lower layer of snapshots over no layers. */
  static final String EMPTY = "empty";
  private static final int MAX_STACKED_MOUNTS = 16;

  private final Path root;

  OverlayMounter(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve(EMPTY));
  }

  /** Options for a writable overlay; {@code lowers} are relative paths, bottom layer first. */
  static String writableOptions(List<String> lowers, String upper, String work) {
    String lowerdir = lowers.isEmpty() ? EMPTY : topFirst(lowers);
    return "lowerdir=" + lowerdir + ",upperdir=" + upper + ",workdir=" + work;
  }

  /** Options for a read-only overlay of at least one layer, bottom first. */
  static String viewOptions(List<String> lowers) {
    // Without an upper, overlay wants two lowers; an empty one under a single layer changes nothing.
    List<String> stack = new ArrayList<>();
    if (lowers.size() == 1) {
      stack.add(EMPTY);
    }
    stack.addAll(lowers);
    return "lowerdir=" + topFirst(stack);
  }

  /** Mounts an overlay with {@code options} (relative to the root) on {@code target}, creating it. */
  void mountOverlay(String options, boolean readOnly, Path target) throws IOException {
    if (options.length() >= MOUNT_DATA_LIMIT) {
      throw new IOException("overlay mount options are " + options.length() + " bytes, over the kernel's "
          + MOUNT_DATA_LIMIT + "-byte limit for mount data");
    }
    Files.createDirectories(target);
    String flags = readOnly ? "ro," + options : options;
    HostCommand.run(root, List.of("mount", "-t", "overlay", "overlay", "-o", flags,
        target.toAbsolutePath().toString()));
  }

  /** Mounts the empty directory read-only on {@code target}: the view of no layers. */
  void mountEmpty(Path target) throws IOException {
    Files.createDirectories(target);
    HostCommand.run(root, List.of("mount", "--bind", "-o", "ro", EMPTY, target.toAbsolutePath().toString()));
  }

  /** Unmounts everything stacked on {@code target}; lazily when busy; nothing to do when not mounted. */
  void unmount(Path target) throws IOException {
    for (int i = 0; i < MAX_STACKED_MOUNTS && MountTable.isMountPoint(target); i++) {
      String path = target.toRealPath().toString();
      try {
        HostCommand.run(root, List.of("umount", path));
      } catch (IOException busy) {
        if (MountTable.isMountPoint(target)) {
          // Detaches it now; the kernel frees it when its last user (an open file, a cwd) goes.
          HostCommand.run(root, List.of("umount", "--lazy", path));
        }
      }
    }
    if (MountTable.isMountPoint(target)) {
      throw new IOException("could not unmount " + target);
    }
  }

  private static String topFirst(List<String> bottomFirst) {
    List<String> reversed = new ArrayList<>(bottomFirst);
    Collections.reverse(reversed);
    return String.join(":", reversed);
  }
}
