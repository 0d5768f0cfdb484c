package dev.berth.agent.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The libc calls Java lacks, bound with JNA direct mapping: mknod, lchown, chmod with the
 * setuid/setgid/sticky bits (never following a symlink), extended attributes (also
 * {@code trusted.*}) and utimensat on symlinks. Paths are encoded as the JDK encodes them, so
 * both name the same file. None of them follows a symlink at the last component, so they are safe
 * on a leaf under a {@link DirectoryHandle}. Public for the
 * runtime's FIFOs (mknod without a process to spawn).
 */
public final class PosixCalls {
  /** The file type bits of a FIFO, for {@link #mknod}. */
  public static final int S_IFIFO = 0010000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final int RENAME_EXCHANGE = 2;
  private static final int ENOENT = 2;
  private static final int EEXIST = 17;
  private static final int ENOTDIR = 20;
  private static final int ERANGE = 34;
  private static final int ELOOP = 40;
  private static final int ENODATA = 61;
  private static final int EOPNOTSUPP = 95;
  private static final Charset PATH_CHARSET =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  static {
    Native.register(PosixCalls.class, NativeLibrary.getInstance("c"));
  }

  private PosixCalls() {}

  private static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  private static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  private static native int fchmodat(int dirfd, byte[] path, int mode, int flags) throws LastErrorException;

  private static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
      throws LastErrorException;

  private static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

  private static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

  private static native int utimensat(int dirfd, byte[] path, long[] times, int flags)
      throws LastErrorException;

  private static native int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

  private static native int symlinkat(byte[] target, int dirfd, byte[] path) throws LastErrorException;

  private static native int fchownat(int dirfd, byte[] path, int uid, int gid, int flags) throws LastErrorException;

  private static native int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags)
      throws LastErrorException;

  /**
   * Swaps two paths of one filesystem in one step (renameat2 RENAME_EXCHANGE): whoever looks sees
   * either the old or the new one at each name, never neither.
   */
  public static void exchange(Path first, Path second) throws IOException {
    try {
      renameat2(AT_FDCWD, bytes(first), AT_FDCWD, bytes(second), RENAME_EXCHANGE);
    } catch (LastErrorException e) {
      throw failure("renameat2", first, e);
    }
  }

  /** Creates a device or FIFO node; {@code mode} includes the file type bits. */
  public static void mknod(Path path, int mode, int major, int minor) throws IOException {
    try {
      mknod(bytes(path), mode, makedev(major, minor));
    } catch (LastErrorException e) {
      throw failure("mknod", path, e);
    }
  }

  /** Sets the numeric owner without following a symlink. */
  static void lchown(Path path, long uid, long gid) throws IOException {
    try {
      lchown(bytes(path), (int) uid, (int) gid);
    } catch (LastErrorException e) {
      throw failure("lchown", path, e);
    }
  }

  /** Sets all twelve mode bits; refuses a symlink (Linux has no mode for one) instead of following it. */
  static void chmod(Path path, int mode) throws IOException {
    try {
      fchmodat(AT_FDCWD, bytes(path), mode & 07777, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("chmod", path, e);
    }
  }

  /** Sets an extended attribute without following a symlink. */
  static void lsetxattr(Path path, String name, byte[] value) throws IOException {
    try {
      lsetxattr(bytes(path), nulTerminated(name.getBytes(PATH_CHARSET)), value, value.length, 0);
    } catch (LastErrorException e) {
      throw failure("lsetxattr " + name, path, e);
    }
  }

  /** Every extended attribute of the file (not following a symlink), name to raw value; empty where unsupported. */
  static Map<String, byte[]> lgetxattrs(Path path) throws IOException {
    byte[] file = bytes(path);
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (String name : listXattrs(path, file)) {
      byte[] value = getXattr(path, file, name);
      if (value != null) {
        values.put(name, value);
      }
    }
    return values;
  }

  /** One extended attribute (not following a symlink), or null when the file does not have it. */
  static byte[] lgetxattr(Path path, String name) throws IOException {
    return getXattr(path, bytes(path), name);
  }

  /** Sets access and modification times (nanoseconds since the epoch) without following a symlink. */
  static void lutimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
    try {
      utimensat(AT_FDCWD, bytes(path), timespecs(atimeNanos, mtimeNanos), AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("utimensat", path, e);
    }
  }

  /** Creates directory {@code name} in {@code dir} with {@code mode} (less the umask). */
  static void mkdirat(DirectoryHandle dir, String name, int mode) throws IOException {
    try {
      mkdirat(dir.fd(), cString(name), mode);
    } catch (LastErrorException e) {
      throw failure("mkdir", dir.resolve(name), e);
    }
  }

  /** Creates symlink {@code name} in {@code dir}, pointing at {@code target}. */
  static void symlinkat(String target, DirectoryHandle dir, String name) throws IOException {
    try {
      symlinkat(cString(target), dir.fd(), cString(name));
    } catch (LastErrorException e) {
      throw failure("symlink", dir.resolve(name), e);
    }
  }

  /** Sets the owner of {@code name} in {@code dir} without following a symlink. */
  static void lchownat(DirectoryHandle dir, String name, long uid, long gid) throws IOException {
    try {
      fchownat(dir.fd(), cString(name), (int) uid, (int) gid, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("lchown", dir.resolve(name), e);
    }
  }

  /** Sets the times of {@code name} in {@code dir} (nanoseconds since the epoch) without following a symlink. */
  static void lutimesat(DirectoryHandle dir, String name, long atimeNanos, long mtimeNanos) throws IOException {
    try {
      utimensat(dir.fd(), cString(name), timespecs(atimeNanos, mtimeNanos), AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("utimensat", dir.resolve(name), e);
    }
  }

  /** Two {@code struct timespec}s, as utimensat and futimens take them. */
  static long[] timespecs(long atimeNanos, long mtimeNanos) {
    return new long[] {
      Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
      Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)
    };
  }

  // glibc's makedev: 12 bits of major and 20 of minor split around the classic 8+8 layout.
  private static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }

  /** The path as a NUL-terminated C string. */
  static byte[] bytes(Path path) {
    return cString(path.toString());
  }

  /** {@code text} (a path or a name) as a NUL-terminated C string, encoded as the JDK encodes paths. */
  static byte[] cString(String text) {
    return nulTerminated(text.getBytes(PATH_CHARSET));
  }

  /** The bytes followed by a NUL. */
  static byte[] nulTerminated(byte[] raw) {
    byte[] out = new byte[raw.length + 1];
    System.arraycopy(raw, 0, out, 0, raw.length);
    return out;
  }

  private static List<String> listXattrs(Path path, byte[] file) throws IOException {
    while (true) {
      try {
        long size = llistxattr(file, null, 0);
        if (size <= 0) {
          return List.of();
        }
        byte[] list = new byte[(int) size];
        long n = llistxattr(file, list, list.length);
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (list[i] == 0) {
            names.add(new String(list, start, i - start, PATH_CHARSET));
            start = i + 1;
          }
        }
        return names;
      } catch (LastErrorException e) {
        if (e.getErrorCode() == EOPNOTSUPP) {
          return List.of();
        }
        if (e.getErrorCode() != ERANGE) { // ERANGE: the list grew between the two calls
          throw failure("llistxattr", path, e);
        }
      }
    }
  }

  private static byte[] getXattr(Path path, byte[] file, String name) throws IOException {
    byte[] key = nulTerminated(name.getBytes(PATH_CHARSET));
    while (true) {
      try {
        long size = lgetxattr(file, key, null, 0);
        byte[] value = new byte[(int) size];
        long n = lgetxattr(file, key, value, value.length);
        return n == value.length ? value : java.util.Arrays.copyOf(value, (int) n);
      } catch (LastErrorException e) {
        if (e.getErrorCode() == ENODATA || e.getErrorCode() == EOPNOTSUPP) {
          return null;
        }
        if (e.getErrorCode() != ERANGE) { // ERANGE: the value grew between the two calls
          throw failure("lgetxattr " + name, path, e);
        }
      }
    }
  }

  /** The failure of a call on {@code path}, as the exception the JDK would throw for the same errno. */
  static IOException failure(String call, Path path, LastErrorException e) {
    String message = call + " " + path + ": " + e.getMessage();
    return switch (e.getErrorCode()) {
      case ENOENT -> new NoSuchFileException(path.toString(), null, message);
      case EEXIST -> new FileAlreadyExistsException(path.toString(), null, message);
      case ENOTDIR -> new NotDirectoryException(path.toString());
      case ELOOP -> new FileSystemLoopException(message);
      default -> new IOException(message);
    };
  }
}
