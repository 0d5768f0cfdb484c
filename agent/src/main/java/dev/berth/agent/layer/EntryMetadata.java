package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/** Owner, mode, xattrs and times of a tar entry, applied to the file it became. */
final class EntryMetadata {
  private EntryMetadata() {}

  /**
   * Sets owner, then mode (chown clears setuid/setgid, so it must come first), then xattrs. A
   * symlink gets no mode: Linux has none for it, and chmod would follow it.
   */
  static void applyOwnership(Path path, TarArchiveEntry entry, Map<String, byte[]> xattrs,
      boolean symlink) throws IOException {
    PosixCalls.lchown(path, entry.getLongUserId(), entry.getLongGroupId());
    if (!symlink) {
      PosixCalls.chmod(path, entry.getMode());
    }
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      PosixCalls.lsetxattr(path, xattr.getKey(), xattr.getValue());
    }
  }

  /** As {@link #applyOwnership(Path, TarArchiveEntry, Map, boolean)}, on an open file or directory. */
  static void applyOwnership(OpenFile file, TarArchiveEntry entry, Map<String, byte[]> xattrs) throws IOException {
    file.chown(entry.getLongUserId(), entry.getLongGroupId());
    file.chmod(entry.getMode());
    for (Map.Entry<String, byte[]> xattr : xattrs.entrySet()) {
      file.setXattr(xattr.getKey(), xattr.getValue());
    }
  }

  /** Sets the entry's times, not following a symlink; atime is mtime unless the entry has one. */
  static void applyTimes(Path path, long[] times) throws IOException {
    PosixCalls.lutimes(path, times[0], times[1]);
  }

  /** The entry's atime and mtime in nanoseconds since the epoch. */
  static long[] times(TarArchiveEntry entry) {
    long mtime = nanos(entry.getLastModifiedTime());
    FileTime atime = entry.getLastAccessTime();
    return new long[] {atime == null ? mtime : nanos(atime), mtime};
  }

  private static long nanos(FileTime time) {
    java.time.Instant instant = time.toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
