package dev.berth.agent.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What lstat(2) says about one file: its type and permission bits, owner, size, times and identity.
 *
 * @param mode {@code st_mode}: the type ({@code S_IFMT} bits) and the twelve permission bits
 * @param uid the owner
 * @param gid the group
 * @param size bytes (for a symlink: its target's length)
 * @param modified the modification time
 * @param device the file system it lives on ({@code st_dev})
 * @param inode its inode number
 * @param links how many names it has ({@code st_nlink})
 * @param rdev the device it is, for a device node ({@code st_rdev})
 */
public record FileStat(int mode, long uid, long gid, long size, Instant modified, long device, long inode,
    int links, long rdev) {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFDIR = 0040000;
  private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";

  /** The file at {@code path}, not following a symlink there; empty when there is none. */
  public static Optional<FileStat> of(Path path) throws IOException {
    return read(path, LinkOption.NOFOLLOW_LINKS);
  }

  /** The file an open descriptor's {@code /proc/self/fd/N} link leads to (fstat). */
  static Optional<FileStat> ofDescriptor(Path procFdLink) throws IOException {
    return read(procFdLink);
  }

  private static Optional<FileStat> read(Path path, LinkOption... options) throws IOException {
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(path, ATTRIBUTES, options);
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
    return Optional.of(new FileStat((Integer) attributes.get("mode"), ((Integer) attributes.get("uid")) & 0xffffffffL,
        ((Integer) attributes.get("gid")) & 0xffffffffL, (Long) attributes.get("size"),
        ((FileTime) attributes.get("lastModifiedTime")).toInstant(), (Long) attributes.get("dev"),
        (Long) attributes.get("ino"), (Integer) attributes.get("nlink"), (Long) attributes.get("rdev")));
  }

  /** The type bits ({@code S_IFMT}). */
  public int type() {
    return mode & S_IFMT;
  }

  /** The permission bits with setuid, setgid and sticky. */
  public int permissions() {
    return mode & 07777;
  }

  /** Whether it is a directory. */
  public boolean isDirectory() {
    return type() == S_IFDIR;
  }

  /** Whether it is a regular file. */
  public boolean isRegularFile() {
    return type() == S_IFREG;
  }

  /** Whether it is a symbolic link. */
  public boolean isSymlink() {
    return type() == S_IFLNK;
  }

  /** Whether it is a character device. */
  public boolean isCharacterDevice() {
    return type() == PosixCalls.S_IFCHR;
  }

  /** Whether it is a block device. */
  public boolean isBlockDevice() {
    return type() == PosixCalls.S_IFBLK;
  }

  /** Whether it is a named pipe. */
  public boolean isFifo() {
    return type() == PosixCalls.S_IFIFO;
  }

  /** Whether it is a unix socket. */
  public boolean isSocket() {
    return type() == S_IFSOCK;
  }

  /** Whether it is an overlay whiteout: a 0/0 character device. */
  public boolean isWhiteout() {
    return isCharacterDevice() && rdev == 0;
  }

  /** The device's major number (glibc's {@code major()}). */
  public int deviceMajor() {
    return (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
  }

  /** The device's minor number (glibc's {@code minor()}). */
  public int deviceMinor() {
    return (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
  }
}
