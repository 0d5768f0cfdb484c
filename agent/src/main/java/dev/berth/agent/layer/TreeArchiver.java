package dev.berth.agent.layer;

import dev.berth.agent.image.archive.TarHeader;
import dev.berth.agent.image.archive.TarWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes files into a tar as Docker's archiver does (moby {@code addTarFile}): numeric owners,
 * the twelve permission bits, mtime in whole seconds, symlinks, devices and named pipes as
 * themselves, a regular file's further names as hard links to its first one, extended attributes
 * kept (overlayfs' own {@code trusted.overlay.*} left out); sockets are skipped, tar has no type
 * for them. Reads through {@link DirectoryHandle}s, so archiving a running container's files
 * never leaves them. Directory names end with {@code /}.
 */
public final class TreeArchiver {
  private static final String OVERLAY_XATTRS = "trusted.overlay.";

  private final TarWriter tar;
  private final Map<Inode, String> firstNames = new HashMap<>();

  private record Inode(long device, long inode) {}

  /** An archiver writing to {@code tar}. */
  public TreeArchiver(TarWriter tar) {
    this.tar = tar;
  }

  /** Adds everything under {@code dir}, not {@code dir} itself, named relative to it (what {@code docker export} holds). */
  public void addContents(DirectoryHandle dir) throws IOException {
    TreeWalker.walk(dir, "", (parent, name, relative, stat) -> add(parent, name, stat, relative));
  }

  /** Adds {@code dir} itself as {@code archiveName} and everything under it, below that name. */
  public void addDirectory(DirectoryHandle dir, String archiveName) throws IOException {
    addRoot(dir, archiveName);
    TreeWalker.walk(dir, "", (parent, name, relative, child) -> add(parent, name, child, join(archiveName, relative)));
  }

  /** Adds {@code dir} itself (its metadata, not its content) as {@code archiveName}. */
  public void addRoot(DirectoryHandle dir, String archiveName) throws IOException {
    tar.entry(header(dir.self(), dir.stat(), archiveName, 0), null);
  }

  /**
   * Adds the entry {@code name} of {@code parent} (lstat {@code stat}) as {@code archiveName}, a
   * directory without its content; returns whether anything was written (false for a socket,
   * or a file replaced since {@code stat} was taken).
   */
  public boolean add(DirectoryHandle parent, String name, FileStat stat, String archiveName) throws IOException {
    if (stat.isSocket()) {
      return false;
    }
    Path leaf = parent.resolve(name);
    if (!stat.isRegularFile()) {
      TarHeader header;
      try {
        header = header(leaf, stat, archiveName, 0);
      } catch (NoSuchFileException gone) {
        return false; // removed while the tree was walked: Docker's archiver skips it too
      }
      tar.entry(header, null);
      return true;
    }
    if (stat.links() > 1) {
      Inode inode = new Inode(stat.device(), stat.inode());
      String first = firstNames.putIfAbsent(inode, archiveName);
      if (first != null) {
        tar.entry(new TarHeader(archiveName, TarHeader.HARD_LINK, stat.permissions(), stat.uid(), stat.gid(), 0,
            stat.modified().getEpochSecond(), first, 0, 0, Map.of()), null);
        return true;
      }
    }
    Optional<DirectoryHandle.OpenFile> file = parent.openRegularFile(name);
    if (file.isEmpty()) {
      return false;
    }
    try (DirectoryHandle.OpenFile content = file.get()) {
      tar.entry(header(leaf, content.stat(), archiveName, content.stat().size()), content);
    }
    return true;
  }

  private static TarHeader header(Path leaf, FileStat stat, String archiveName, long size) throws IOException {
    char type;
    String link = "";
    String name = archiveName;
    if (stat.isDirectory()) {
      type = TarHeader.DIRECTORY;
      name = archiveName.endsWith("/") ? archiveName : archiveName + "/";
    } else if (stat.isSymlink()) {
      type = TarHeader.SYMLINK;
      link = Files.readSymbolicLink(leaf).toString();
    } else if (stat.isCharacterDevice()) {
      type = TarHeader.CHARACTER_DEVICE;
    } else if (stat.isBlockDevice()) {
      type = TarHeader.BLOCK_DEVICE;
    } else if (stat.isFifo()) {
      type = TarHeader.FIFO;
    } else {
      type = TarHeader.FILE;
    }
    Map<String, byte[]> xattrs = new LinkedHashMap<>();
    try {
      xattrs.putAll(PosixCalls.lgetxattrs(leaf));
    } catch (NoSuchFileException gone) {
      // an open file unlinked meanwhile: its content is still worth archiving
    }
    xattrs.keySet().removeIf(key -> key.startsWith(OVERLAY_XATTRS));
    return new TarHeader(name, type, stat.permissions(), stat.uid(), stat.gid(), size, stat.modified().getEpochSecond(),
        link, stat.deviceMajor(), stat.deviceMinor(), xattrs);
  }

  private static String join(String archiveName, String relative) {
    if (archiveName.isEmpty() || archiveName.equals("/")) {
      return archiveName + relative;
    }
    return (archiveName.endsWith("/") ? archiveName : archiveName + "/") + relative;
  }
}
