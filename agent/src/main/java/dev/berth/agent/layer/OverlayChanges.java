package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker diff}: what a container changed, read from its overlay upper directory against
 * the image's layers, as Docker's {@code archive.OverlayChanges} reads it. Walking the upper
 * directory in order: a 0/0 character device (whiteout) or an opaque directory is a deletion;
 * anything else is an addition, or a modification when a lower layer has the path, except a
 * directory that only holds changes (same mode, size and mtime as below: not listed itself). The
 * parent of an added or deleted path is listed as modified if nothing listed it yet. Mount
 * points made by the runtime are not changes ({@link OverlayUpper}).
 */
public final class OverlayChanges {
  private final OverlayUpper upper;
  private final List<DirectoryHandle> lowers;
  private final List<Change> changes = new ArrayList<>();
  private final Set<String> changedDirectories = new HashSet<>();

  private OverlayChanges(OverlayUpper upper, List<DirectoryHandle> lowers) {
    this.upper = upper;
    this.lowers = lowers;
  }

  /** The changes of {@code upper} over {@code lowers} (the image's layers, top first), in walk order. */
  public static List<Change> of(OverlayUpper upper, List<DirectoryHandle> lowers) throws IOException {
    OverlayChanges diff = new OverlayChanges(upper, lowers);
    TreeWalker.walk(upper.dir(), "", diff::visit);
    return diff.changes;
  }

  private boolean visit(DirectoryHandle parent, String name, String relative, FileStat stat) throws IOException {
    String path = "/" + relative;
    if (upper.isMountPoint(path)) {
      return false;
    }
    Change.Kind kind;
    if (stat.isWhiteout() || (stat.isDirectory() && OverlayUpper.isOpaque(parent, name))) {
      kind = Change.Kind.DELETE;
    } else {
      Optional<FileStat> below = lowerStat(relative);
      if (below.isEmpty()) {
        kind = Change.Kind.ADD;
      } else if (stat.isDirectory() && below.get().isDirectory() && unchanged(parent, name, path, stat, below.get())) {
        return true; // listed only through what changed under it
      } else {
        kind = Change.Kind.MODIFY;
      }
    }
    if (stat.isDirectory()) {
      changedDirectories.add(path);
    }
    if (kind != Change.Kind.MODIFY) {
      String parentPath = path.substring(0, path.lastIndexOf('/'));
      if (!parentPath.isEmpty() && changedDirectories.add(parentPath)) {
        changes.add(new Change(parentPath, Change.Kind.MODIFY));
      }
    }
    changes.add(new Change(path, kind));
    return true;
  }

  // Docker's test (same mode, size, mtime), plus: a directory copied up only because the runtime
  // made a mount point in it has not changed either.
  private boolean unchanged(DirectoryHandle parent, String name, String path, FileStat stat, FileStat below)
      throws IOException {
    if (stat.mode() != below.mode()) {
      return false;
    }
    if (stat.size() == below.size() && sameTime(stat.modified(), below.modified())) {
      return true;
    }
    try (DirectoryHandle dir = parent.child(name)) {
      List<String> names = dir.names();
      return !names.isEmpty() && names.stream().allMatch(entry -> upper.isMountPoint(path + "/" + entry));
    }
  }

  // Go's sameFsTime: equal seconds, and equal nanoseconds unless one side has none.
  private static boolean sameTime(Instant a, Instant b) {
    return a.getEpochSecond() == b.getEpochSecond() && (a.getNano() == 0 || b.getNano() == 0 || a.getNano() == b.getNano());
  }

  // The path in the topmost lower layer that has it; a whiteout there means it is gone.
  private Optional<FileStat> lowerStat(String relative) throws IOException {
    int slash = relative.lastIndexOf('/');
    String parent = slash < 0 ? "" : relative.substring(0, slash);
    String name = relative.substring(slash + 1);
    for (DirectoryHandle lower : lowers) {
      Optional<FileStat> found;
      try (DirectoryHandle dir = lower.beneath(parent)) {
        found = dir.stat(name);
      } catch (NoSuchFileException | NotDirectoryException | FileSystemLoopException absent) {
        continue;
      }
      if (found.isPresent()) {
        return found.filter(stat -> !stat.isWhiteout());
      }
    }
    return Optional.empty();
  }
}
