package dev.berth.agent.image.archive;

import java.util.Map;

/**
 * One tar entry's header as {@link TarWriter#entry} writes it.
 *
 * @param name the entry's name (a directory's ends with {@code /})
 * @param type the typeflag: {@link #FILE}, {@link #HARD_LINK}, {@link #SYMLINK}, {@link #CHARACTER_DEVICE},
 *     {@link #BLOCK_DEVICE}, {@link #DIRECTORY} or {@link #FIFO}
 * @param mode the permission bits with setuid, setgid and sticky
 * @param uid the owner's id
 * @param gid the group's id
 * @param size the content's length (0 but for regular files)
 * @param mtime the modification time, seconds since the epoch
 * @param linkName a link's target ("" for others)
 * @param deviceMajor a device node's major number
 * @param deviceMinor a device node's minor number
 * @param xattrs extended attributes, name to raw value (written as PAX {@code SCHILY.xattr.*} records)
 */
public record TarHeader(String name, char type, int mode, long uid, long gid, long size, long mtime, String linkName,
    int deviceMajor, int deviceMinor, Map<String, byte[]> xattrs) {
  /** A regular file. */
  public static final char FILE = '0';
  /** A hard link to an earlier entry. */
  public static final char HARD_LINK = '1';
  /** A symbolic link. */
  public static final char SYMLINK = '2';
  /** A character device. */
  public static final char CHARACTER_DEVICE = '3';
  /** A block device. */
  public static final char BLOCK_DEVICE = '4';
  /** A directory. */
  public static final char DIRECTORY = '5';
  /** A named pipe. */
  public static final char FIFO = '6';

  /** Fills absent strings and copies the attributes. */
  public TarHeader {
    linkName = linkName == null ? "" : linkName;
    xattrs = xattrs == null ? Map.of() : Map.copyOf(xattrs);
  }

  /** A root-owned entry with no link, device or attributes, as image archives hold. */
  static TarHeader plain(String name, char type, int mode, long size, String linkName) {
    return new TarHeader(name, type, mode, 0, 0, size, 0, linkName, 0, 0, Map.of());
  }
}
