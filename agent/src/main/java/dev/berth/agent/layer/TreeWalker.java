package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Optional;

/**
 * Walks a directory tree depth first, each directory's names sorted (the order of Go's
 * {@code filepath.Walk}, which Docker's archiver and diff follow), through {@link DirectoryHandle}s
 * only: never through a symlink, never off the tree, however it changes meanwhile. An entry that
 * vanishes or changes type during the walk is skipped, as Docker's archiver skips it.
 */
public final class TreeWalker {
  private TreeWalker() {}

  /** What a walk does with each entry. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Sees the entry {@code name} of {@code parent}, at {@code relative} (its path from the top,
     * no leading slash); returns whether to descend into it (directories only).
     */
    boolean visit(DirectoryHandle parent, String name, String relative, FileStat stat) throws IOException;
  }

  /** Visits everything under {@code top} (not {@code top} itself); relative paths start with {@code prefix} ("" for none). */
  public static void walk(DirectoryHandle top, String prefix, Visitor visitor) throws IOException {
    for (String name : top.names()) {
      Optional<FileStat> stat = top.stat(name);
      if (stat.isEmpty()) {
        continue;
      }
      String relative = prefix.isEmpty() ? name : prefix + "/" + name;
      if (!visitor.visit(top, name, relative, stat.get()) || !stat.get().isDirectory()) {
        continue;
      }
      DirectoryHandle child;
      try {
        child = top.child(name);
      } catch (NoSuchFileException | NotDirectoryException | FileSystemLoopException replaced) {
        continue;
      }
      try (child) {
        walk(child, relative, visitor);
      }
    }
  }
}
