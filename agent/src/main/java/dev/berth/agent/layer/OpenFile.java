package dev.berth.agent.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file an archive entry became, open for writing its content and metadata through its own
 * descriptor: it is created (or opened, for a directory) by name relative to its parent's
 * {@link DirectoryHandle} without following a symlink, and everything after that (write, fchown,
 * fchmod, fsetxattr, futimens) acts on the descriptor, so no path is resolved again. Per file that
 * is the open and one call per attribute, where setting them by path cost a lookup through
 * {@code /proc/self/fd} each (and glibc's chmod without following a symlink several syscalls).
 */
final class OpenFile implements AutoCloseable {
  private static final int CREATED_MODE = 0600;

  static {
    Native.register(OpenFile.class, NativeLibrary.getInstance("c"));
  }

  private final int fd;
  private final Path shown;
  private boolean closed;

  private OpenFile(int fd, Path shown) {
    this.fd = fd;
    this.shown = shown;
  }

  private static native long write(int fd, Pointer buffer, long count) throws LastErrorException;

  private static native int fchown(int fd, int uid, int gid) throws LastErrorException;

  private static native int fchmod(int fd, int mode) throws LastErrorException;

  private static native int fsetxattr(int fd, byte[] name, byte[] value, long size, int flags)
      throws LastErrorException;

  private static native int futimens(int fd, long[] times) throws LastErrorException;

  /** Creates the regular file {@code name} in {@code parent}; fails if anything (a symlink too) is there. */
  static OpenFile createFile(DirectoryHandle parent, String name) throws IOException {
    Path shown = parent.resolve(name);
    return new OpenFile(FileDescriptors.openat(parent.fd(), name, FileDescriptors.O_WRONLY | FileDescriptors.O_CREAT
        | FileDescriptors.O_EXCL | FileDescriptors.O_NOFOLLOW, CREATED_MODE, shown), shown);
  }

  /** Opens the directory {@code name} in {@code parent}; fails if it is a symlink or not a directory. */
  static OpenFile openDirectory(DirectoryHandle parent, String name) throws IOException {
    Path shown = parent.resolve(name);
    return new OpenFile(FileDescriptors.openat(parent.fd(), name,
        FileDescriptors.O_RDONLY | FileDescriptors.O_DIRECTORY | FileDescriptors.O_NOFOLLOW, shown), shown);
  }

  /** Writes all of {@code content}, through {@code transfer} and the native {@code buffer} (at least as large). */
  void write(InputStream content, byte[] transfer, Memory buffer) throws IOException {
    int n;
    while ((n = content.read(transfer)) > 0) {
      buffer.write(0, transfer, 0, n);
      write(buffer, n);
    }
  }

  /** Writes the first {@code length} bytes of {@code data}. */
  void write(Pointer data, long length) throws IOException {
    for (long done = 0; done < length; ) {
      try {
        done += write(fd, data.share(done), length - done);
      } catch (LastErrorException e) {
        throw PosixCalls.failure("write", shown, e);
      }
    }
  }

  /** Sets the numeric owner (this clears setuid and setgid: set the mode after). */
  void chown(long uid, long gid) throws IOException {
    try {
      fchown(fd, (int) uid, (int) gid);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("fchown", shown, e);
    }
  }

  /** Sets all twelve mode bits. */
  void chmod(int mode) throws IOException {
    try {
      fchmod(fd, mode & 07777);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("fchmod", shown, e);
    }
  }

  /** Sets an extended attribute. */
  void setXattr(String name, byte[] value) throws IOException {
    try {
      fsetxattr(fd, PosixCalls.cString(name), value, value.length, 0);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("fsetxattr " + name, shown, e);
    }
  }

  /** Sets access and modification times (nanoseconds since the epoch). */
  void setTimes(long atimeNanos, long mtimeNanos) throws IOException {
    try {
      futimens(fd, PosixCalls.timespecs(atimeNanos, mtimeNanos));
    } catch (LastErrorException e) {
      throw PosixCalls.failure("futimens", shown, e);
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      FileDescriptors.close(fd, shown);
    }
  }
}
