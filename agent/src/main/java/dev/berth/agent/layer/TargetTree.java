package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The directory an archive is extracted into, reached only through checked paths: every parent of
 * an entry must be a real directory (never a symlink), created as needed. Each entry's parent is
 * opened with openat2 (beneath the target, no symlinks) and the entry is made through that
 * descriptor, so nothing reaches outside the target even when someone else changes the tree
 * meanwhile (a running container, for {@code docker cp}); the leaf is always created fresh
 * (CREATE_NEW, mknod, symlink, link do not follow a symlink at the leaf). Recently used parents
 * stay open.
 */
final class TargetTree implements AutoCloseable {
  private static final int IMPLICIT_DIRECTORY_MODE = 0755;
  private static final int PINNED_PARENTS = 64;

  private final DirectoryHandle root;
  // Relative paths verified to be real directories; saves an lstat per path component per entry.
  private final Set<String> directories = new HashSet<>();
  private final Map<String, DirectoryHandle> pinned = new LinkedHashMap<>(16, 0.75f, true);

  /** The tree under {@code root} (the caller closes it). */
  TargetTree(DirectoryHandle root) {
    this.root = root;
    directories.add("");
  }

  /** The path of a relative one, through its parent's descriptor (the target itself for ""). */
  Path resolve(String relative) throws IOException {
    if (relative.isEmpty()) {
      return root.self();
    }
    return parent(LayerPath.parent(relative)).resolve(LayerPath.baseName(relative));
  }

  /** The open parent directory of {@code relative} (not the target itself), for the {@code *at} calls. */
  DirectoryHandle parentOf(String relative) throws IOException {
    return parent(LayerPath.parent(relative));
  }

  /** Makes every parent of {@code relative} a real directory, refusing to pass through a symlink. */
  void prepareParents(String relative, String entry) throws IOException {
    String parent = LayerPath.parent(relative);
    if (!directories.contains(parent)) {
      ensureDirectory(parent, entry);
    }
  }

  /** Makes {@code relative} itself a real directory (with its parents), creating it if missing. */
  void ensureDirectory(String relative, String entry) throws IOException {
    if (directories.contains(relative)) {
      return;
    }
    ensureDirectory(LayerPath.parent(relative), entry);
    Path path = resolve(relative);
    Optional<FileStat> existing = FileStat.of(path);
    if (existing.isEmpty()) {
      try {
        Files.createDirectory(path);
        PosixCalls.chmod(path, IMPLICIT_DIRECTORY_MODE);
        directories.add(relative);
        return;
      } catch (FileAlreadyExistsException raced) {
        existing = FileStat.of(path); // made meanwhile by someone else: check what it is
      }
    }
    if (existing.isEmpty()) {
      throw new UnsafeLayerException(entry, relative + " keeps changing");
    } else if (existing.get().isSymlink()) {
      throw new UnsafeLayerException(entry, "path goes through symlink " + relative);
    } else if (!existing.get().isDirectory()) {
      throw new UnsafeLayerException(entry, "path goes through non-directory " + relative);
    }
    directories.add(relative);
  }

  /** What is at {@code relative} now (not following a symlink). */
  Optional<FileStat> stat(String relative) throws IOException {
    return FileStat.of(resolve(relative));
  }

  /**
   * Removes whatever is at {@code relative} so a new entry can take its place; a directory is kept
   * (and true returned) when {@code keepDirectory}. Later entries win, as with tar.
   */
  boolean clear(String relative, boolean keepDirectory) throws IOException {
    Optional<FileStat> existing = stat(relative);
    if (existing.isEmpty()) {
      return false;
    }
    if (existing.get().isDirectory()) {
      if (keepDirectory) {
        directories.add(relative);
        return true;
      }
      if (relative.isEmpty()) {
        throw new UnsafeLayerException("/", "the target itself cannot be replaced");
      }
      forget(relative);
      parent(LayerPath.parent(relative)).deleteTree(LayerPath.baseName(relative));
      return false;
    }
    Files.delete(resolve(relative));
    return false;
  }

  /** Records that {@code relative} is now a real directory. */
  void markDirectory(String relative) {
    directories.add(relative);
  }

  /** Closes the parents kept open. */
  @Override
  public void close() throws IOException {
    for (DirectoryHandle handle : pinned.values()) {
      handle.close();
    }
    pinned.clear();
  }

  private DirectoryHandle parent(String relative) throws IOException {
    if (relative.isEmpty()) {
      return root;
    }
    DirectoryHandle handle = pinned.get(relative);
    if (handle == null) {
      try {
        handle = root.beneath(relative);
      } catch (FileSystemLoopException swapped) {
        // checked as a real directory, a symlink now: someone else is changing the tree
        throw new UnsafeLayerException(relative, "path goes through a symlink");
      }
      pinned.put(relative, handle);
      if (pinned.size() > PINNED_PARENTS) {
        Iterator<DirectoryHandle> eldest = pinned.values().iterator();
        eldest.next().close();
        eldest.remove();
      }
    }
    return handle;
  }

  // A directory about to be deleted: neither it nor anything under it is verified or open any more.
  private void forget(String relative) throws IOException {
    String prefix = relative + "/";
    directories.removeIf(d -> d.equals(relative) || d.startsWith(prefix));
    Iterator<Map.Entry<String, DirectoryHandle>> open = pinned.entrySet().iterator();
    while (open.hasNext()) {
      Map.Entry<String, DirectoryHandle> entry = open.next();
      if (entry.getKey().equals(relative) || entry.getKey().startsWith(prefix)) {
        entry.getValue().close();
        open.remove();
      }
    }
  }
}
