package dev.berth.agent.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An open directory, pinned by an {@code O_PATH} descriptor: whatever later happens to the path
 * it was reached by (a running container renaming a directory, swapping it for a symlink), the
 * handle keeps naming the same directory. {@link #path()} names it as {@code /proc/self/fd/N},
 * which the kernel resolves to the directory itself, so an operation on {@code resolve(name)}
 * that does not follow a symlink at its last component (lstat, an O_NOFOLLOW open, mkdir, unlink,
 * lchown…) is safe however the tree around it changes. Deeper directories are opened one
 * component at a time without following symlinks ({@link #child}), or through openat2's scoped
 * resolution ({@link #beneath}, {@link #directoryInRoot}), never through a symlink that leads out.
 * Needs Linux 5.6 for openat2 and a mounted /proc. Not for sharing between threads.
 */
public final class DirectoryHandle implements AutoCloseable {
  private final int fd;
  private final Path shown;
  private final Path path;
  private boolean closed;

  private DirectoryHandle(int fd, Path shown) {
    this.fd = fd;
    this.shown = shown;
    this.path = Path.of("/proc/self/fd", Integer.toString(fd));
  }

  /** Opens the directory at {@code dir}, a path the agent controls (symlinks on the way are followed). */
  public static DirectoryHandle open(Path dir) throws IOException {
    return new DirectoryHandle(FileDescriptors.open(dir, FileDescriptors.O_PATH | FileDescriptors.O_DIRECTORY), dir);
  }

  /** The descriptor, for the {@code *at} calls of {@link PosixCalls} and {@link OpenFile}. */
  int fd() {
    return fd;
  }

  /** The directory as a path that always leads to it ({@code /proc/self/fd/N}). */
  public Path path() {
    return path;
  }

  /**
   * The directory itself for operations that do not follow a symlink at their last component
   * ({@code /proc/self/fd/N/.}): on the bare {@link #path()} they would act on the magic link.
   */
  public Path self() {
    return path.resolve(".");
  }

  /** The entry {@code name} (one path component) of this directory, for operations that do not follow it. */
  public Path resolve(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
      throw new IllegalArgumentException("not a single file name: \"" + name + "\"");
    }
    return path.resolve(name);
  }

  /** lstat of the entry {@code name}; empty when there is none. */
  public Optional<FileStat> stat(String name) throws IOException {
    return FileStat.of(resolve(name));
  }

  /** The directory's own lstat. */
  public FileStat stat() throws IOException {
    return FileStat.of(self()).orElseThrow(() -> new NoSuchFileException(shown.toString()));
  }

  /** The names in the directory, sorted as Go's filepath.Walk visits them (by bytes; for ASCII, as String order). */
  public List<String> names() throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }

  /** Opens the subdirectory {@code name}; fails if it is a symlink or not a directory. */
  public DirectoryHandle child(String name) throws IOException {
    Path leaf = shown.resolve(name);
    resolve(name);
    return new DirectoryHandle(FileDescriptors.openat(fd, name,
        FileDescriptors.O_PATH | FileDescriptors.O_DIRECTORY | FileDescriptors.O_NOFOLLOW, leaf), leaf);
  }

  /** Opens the directory at {@code relative} under this one ("" for this one again), refusing any symlink on the way. */
  public DirectoryHandle beneath(String relative) throws IOException {
    Path target = relative.isEmpty() ? shown : shown.resolve(relative);
    return new DirectoryHandle(FileDescriptors.openat2(fd, relative.isEmpty() ? "." : relative,
        FileDescriptors.O_PATH | FileDescriptors.O_DIRECTORY, FileDescriptors.RESOLVE_BENEATH
            | FileDescriptors.RESOLVE_NO_SYMLINKS | FileDescriptors.RESOLVE_NO_MAGICLINKS, target), target);
  }

  /**
   * Opens the directory at {@code path} as a process chrooted here would: this directory is
   * {@code /}, symlinks are followed (the last one too) but absolute ones and {@code ..} never
   * leave it.
   */
  public DirectoryHandle directoryInRoot(String path) throws IOException {
    Path target = Path.of(path.isEmpty() ? "/" : path);
    return new DirectoryHandle(FileDescriptors.openat2(fd, path.isEmpty() ? "/" : path,
        FileDescriptors.O_PATH | FileDescriptors.O_DIRECTORY, inRoot(), target), target);
  }

  /**
   * Where {@code path} leads when resolved as {@link #directoryInRoot} does, symlinks followed to
   * the end: the absolute path of what it names, seen from this directory as {@code /}; empty
   * when nothing is there.
   */
  public Optional<String> locateInRoot(String path) throws IOException {
    int target;
    try {
      target = FileDescriptors.openat2(fd, path.isEmpty() ? "/" : path, FileDescriptors.O_PATH, inRoot(), Path.of(path));
    } catch (NoSuchFileException nothing) {
      return Optional.empty();
    }
    try {
      Path found = Files.readSymbolicLink(Path.of("/proc/self/fd", Integer.toString(target)));
      Path root = realPath();
      return Optional.of(found.equals(root) ? "/" : "/" + root.relativize(found));
    } finally {
      FileDescriptors.close(target, Path.of(path));
    }
  }

  /**
   * Opens the regular file {@code name} for reading, with its lstat taken through the open
   * descriptor (so both describe the same file); empty when it is no longer a regular file
   * (replaced meanwhile). Never follows a symlink, never blocks on a named pipe.
   */
  public Optional<OpenFile> openRegularFile(String name) throws IOException {
    Path leaf = resolve(name);
    int file;
    try {
      file = FileDescriptors.openat(fd, name,
          FileDescriptors.O_RDONLY | FileDescriptors.O_NOFOLLOW | FileDescriptors.O_NONBLOCK, shown.resolve(name));
    } catch (NoSuchFileException | FileSystemLoopException goneOrNowASymlink) {
      return Optional.empty();
    }
    Path opened = Path.of("/proc/self/fd", Integer.toString(file));
    try {
      // stat and open through the descriptor's magic link reach the very inode opened above
      Optional<FileStat> stat = FileStat.ofDescriptor(opened).filter(FileStat::isRegularFile);
      if (stat.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new OpenFile(stat.get(), Files.newInputStream(opened)));
    } finally {
      FileDescriptors.close(file, leaf);
    }
  }

  /** One extended attribute of the entry, if it has it. */
  public Optional<byte[]> xattr(String name, String attribute) throws IOException {
    return Optional.ofNullable(PosixCalls.lgetxattr(resolve(name), attribute));
  }

  /** The target of the symlink {@code name}. */
  public String readLink(String name) throws IOException {
    return Files.readSymbolicLink(resolve(name)).toString();
  }

  /**
   * Deletes the entry {@code name} and, for a directory, everything in it, descending through
   * handles only (never through a symlink) and refusing to cross into another file system.
   */
  public void deleteTree(String name) throws IOException {
    Optional<FileStat> stat = stat(name);
    if (stat.isEmpty()) {
      return;
    }
    if (stat.get().isDirectory()) {
      try (DirectoryHandle dir = child(name)) {
        if (dir.stat().device() != stat().device()) {
          throw new IOException("refusing to delete " + dir.shown + ": a different file system is mounted there");
        }
        for (String entry : dir.names()) {
          dir.deleteTree(entry);
        }
      }
    }
    Files.deleteIfExists(resolve(name));
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      FileDescriptors.close(fd, shown);
    }
  }

  /** Where the directory is now, as this process sees it. */
  private Path realPath() throws IOException {
    return Files.readSymbolicLink(path);
  }

  private static long inRoot() {
    return FileDescriptors.RESOLVE_IN_ROOT | FileDescriptors.RESOLVE_NO_MAGICLINKS;
  }

  /** A regular file opened for reading: its lstat and its content (close it). */
  public static final class OpenFile extends FilterInputStream {
    private final FileStat stat;

    OpenFile(FileStat stat, InputStream content) {
      super(content);
      this.stat = stat;
    }

    /** The file's lstat, taken after it was opened. */
    public FileStat stat() {
      return stat;
    }
  }
}
