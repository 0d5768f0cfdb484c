package dev.berth.agent.snapshot;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Whole-tree operations on snapshot directories; symlinks are never followed. */
final class DirectoryTree {
  private DirectoryTree() {}

  /** Bytes of every non-directory under {@code top} (symlinks by their own size), hard links once. */
  static long size(Path top) throws IOException {
    long[] total = {0};
    Set<Object> seenInodes = new HashSet<>();
    Files.walkFileTree(top, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:ino,nlink", LinkOption.NOFOLLOW_LINKS);
        if ((Integer) unix.get("nlink") < 2 || seenInodes.add(unix.get("ino"))) {
          total[0] += attrs.size();
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }
}
