package dev.berth.agent.layer;

import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The directory a layer is applied to, reached only through checked paths: every parent of an
 * entry must be a real directory (never a symlink), created as needed. The target is private to
 * the agent while a layer is applied, so checks by lstat are not raced by anyone else; the leaf is
 * always created fresh (CREATE_NEW, mknod, symlink, link do not follow a symlink at the leaf).
 */
final class TargetTree {
  private static final int IMPLICIT_DIRECTORY_MODE = 0755;

  private final Path root;
  // Relative paths verified to be real directories; saves an lstat per path component per entry.
  private final Set<String> directories = new HashSet<>();

  TargetTree(Path root) {
    this.root = root;
    directories.add("");
  }

  /** The absolute path of a relative one. */
  Path resolve(String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
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
    BasicFileAttributes existing = lstat(path);
    if (existing == null) {
      Files.createDirectory(path);
      PosixCalls.chmod(path, IMPLICIT_DIRECTORY_MODE);
    } else if (existing.isSymbolicLink()) {
      throw new UnsafeLayerException(entry, "path goes through symlink " + relative);
    } else if (!existing.isDirectory()) {
      throw new UnsafeLayerException(entry, "path goes through non-directory " + relative);
    }
    directories.add(relative);
  }

  /**
   * Removes whatever is at {@code relative} so a new entry can take its place; a directory is kept
   * (and true returned) when {@code keepDirectory}. Later entries win, as with tar.
   */
  boolean clear(String relative, boolean keepDirectory) throws IOException {
    Path path = resolve(relative);
    BasicFileAttributes existing = lstat(path);
    if (existing == null) {
      return false;
    }
    if (existing.isDirectory()) {
      if (keepDirectory) {
        directories.add(relative);
        return true;
      }
      if (relative.isEmpty()) {
        throw new UnsafeLayerException("/", "the target itself cannot be replaced");
      }
      FileTrees.delete(path);
      String prefix = relative + "/";
      directories.removeIf(d -> d.equals(relative) || d.startsWith(prefix));
      return false;
    }
    Files.delete(path);
    return false;
  }

  /** Records that {@code relative} is now a real directory. */
  void markDirectory(String relative) {
    directories.add(relative);
  }

  private static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

}
