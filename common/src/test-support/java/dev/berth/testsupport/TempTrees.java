package dev.berth.testsupport;

import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes a test's temp directory tree when the test is done with it (an agent's data, an
 * embedded PostgreSQL's cluster): left behind, every run of the suite would leave gigabytes in
 * /tmp. A tree with anything still mounted under it (a container a failed test did not remove) is
 * left whole: deleting through a mount could reach files that are not the test's.
 */
public final class TempTrees {
  private TempTrees() {}

  /** Deletes {@code root} and everything in it (symbolic links, not their targets); nothing if something is mounted there. */
  public static void delete(Path root) {
    if (root == null || !Files.isDirectory(root) || hasMountsUnder(root)) {
      return;
    }
    try {
      FileTrees.delete(root);
    } catch (IOException e) {
      System.err.println("could not remove " + root + ": " + e);
    }
  }

  /** Whether /proc/self/mountinfo has a mount point at or below {@code root}. */
  private static boolean hasMountsUnder(Path root) {
    String prefix = root.toAbsolutePath().normalize().toString();
    try {
      return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(line -> line.split(" ")[4].replace("\\040", " "))
          .anyMatch(mountPoint -> mountPoint.equals(prefix) || mountPoint.startsWith(prefix + "/"));
    } catch (IOException e) {
      return true; // cannot tell: keep it
    }
  }
}
