package dev.berth.agent.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The descriptor calls behind {@link DirectoryHandle}: open, openat, openat2 (Linux 5.6+, through
 * {@code syscall}: glibc has no wrapper) and close, with this architecture's open flags.
 */
final class FileDescriptors {
  static final int O_RDONLY = 0;
  static final int O_WRONLY = 01;
  static final int O_CREAT = 0100;
  static final int O_EXCL = 0200;
  static final int O_NONBLOCK = 04000;
  static final int O_CLOEXEC = 02000000;
  static final int O_PATH = 010000000;
  static final int O_DIRECTORY;
  static final int O_NOFOLLOW;
  /** Fail on /proc-style magic links. */
  static final long RESOLVE_NO_MAGICLINKS = 0x02;
  /** Fail on any symlink on the way. */
  static final long RESOLVE_NO_SYMLINKS = 0x04;
  /** Fail when the path leaves the starting directory. */
  static final long RESOLVE_BENEATH = 0x08;
  /** Resolve as if the starting directory were {@code /}: absolute symlinks and {@code ..} stay inside. */
  static final long RESOLVE_IN_ROOT = 0x10;

  private static final long SYS_OPENAT2 = 437; // the same on every architecture (new syscalls are unified)
  private static final int OPEN_HOW_SIZE = 24; // struct open_how { u64 flags; u64 mode; u64 resolve; }
  private static final int EAGAIN = 11;
  private static final int ENOSYS = 38;
  private static final int EXDEV = 18;
  private static final int RACE_RETRIES = 16;

  static {
    boolean arm = System.getProperty("os.arch").equals("aarch64");
    O_DIRECTORY = arm ? 040000 : 0200000;
    O_NOFOLLOW = arm ? 0100000 : 0400000;
    Native.register(FileDescriptors.class, NativeLibrary.getInstance("c"));
  }

  private FileDescriptors() {}

  private static native int open(byte[] path, int flags, int mode) throws LastErrorException;

  private static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

  private static native long syscall(long number, long dirfd, byte[] path, Pointer how, long size)
      throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  /** Opens {@code path} with {@code flags}; returns the descriptor. */
  static int open(Path path, int flags) throws IOException {
    try {
      return open(PosixCalls.bytes(path), flags | O_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("open", path, e);
    }
  }

  /** Opens {@code name} (one component) relative to {@code dirfd}; {@code shown} names it in errors. */
  static int openat(int dirfd, String name, int flags, Path shown) throws IOException {
    return openat(dirfd, name, flags, 0, shown);
  }

  /** As {@link #openat(int, String, int, Path)}, with the {@code mode} of a file it creates. */
  static int openat(int dirfd, String name, int flags, int mode, Path shown) throws IOException {
    try {
      return openat(dirfd, PosixCalls.cString(name), flags | O_CLOEXEC, mode);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("openat", shown, e);
    }
  }

  /** Opens {@code path} relative to {@code dirfd}, resolved under the {@code RESOLVE_*} rules {@code resolve}. */
  static int openat2(int dirfd, String path, int flags, long resolve, Path shown) throws IOException {
    try (Memory how = new Memory(OPEN_HOW_SIZE)) {
      how.clear();
      how.setLong(0, flags | O_CLOEXEC);
      how.setLong(16, resolve);
      byte[] name = PosixCalls.cString(path);
      for (int attempt = 0; ; attempt++) {
        try {
          return (int) syscall(SYS_OPENAT2, dirfd, name, how, OPEN_HOW_SIZE);
        } catch (LastErrorException e) {
          // EAGAIN: a rename raced a ".." walk and the kernel could not vouch for it; it asks for a retry
          if (e.getErrorCode() != EAGAIN || attempt == RACE_RETRIES) {
            throw openat2Failure(shown, e);
          }
        }
      }
    }
  }

  /** Closes {@code fd}. */
  static void close(int fd, Path shown) throws IOException {
    try {
      close(fd);
    } catch (LastErrorException e) {
      throw PosixCalls.failure("close", shown, e);
    }
  }

  private static IOException openat2Failure(Path shown, LastErrorException e) {
    if (e.getErrorCode() == ENOSYS) {
      return new IOException("openat2 is not available: Linux 5.6 or later is needed to open " + shown + " safely");
    }
    if (e.getErrorCode() == EXDEV) {
      return new IOException(shown + " leads outside its directory");
    }
    return PosixCalls.failure("openat2", shown, e);
  }
}
