package dev.berth.agent.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/**
 * The libc calls Java lacks, bound with JNA direct mapping: mknod, lchown, chmod with the
 * setuid/setgid/sticky bits, lsetxattr (also {@code trusted.*}) and utimensat on symlinks.
 * Paths are encoded as the JDK encodes them, so both name the same file. Public for the
 * runtime's FIFOs (mknod without a process to spawn).
 */
public final class PosixCalls {
  /** The file type bits of a FIFO, for {@link #mknod}. */
  public static final int S_IFIFO = 0010000;
  static final int S_IFCHR = 0020000;
  static final int S_IFBLK = 0060000;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final Charset PATH_CHARSET =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));

  static {
    Native.register(PosixCalls.class, NativeLibrary.getInstance("c"));
  }

  private PosixCalls() {}

  private static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  private static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  private static native int chmod(byte[] path, int mode) throws LastErrorException;

  private static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags)
      throws LastErrorException;

  private static native int utimensat(int dirfd, byte[] path, long[] times, int flags)
      throws LastErrorException;

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

  /** Sets all twelve mode bits; never call on a symlink (chmod follows it). */
  static void chmod(Path path, int mode) throws IOException {
    try {
      chmod(bytes(path), mode & 07777);
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

  /** Sets access and modification times (nanoseconds since the epoch) without following a symlink. */
  static void lutimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
    long[] times = {
      Math.floorDiv(atimeNanos, 1_000_000_000L), Math.floorMod(atimeNanos, 1_000_000_000L),
      Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)
    };
    try {
      utimensat(AT_FDCWD, bytes(path), times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw failure("utimensat", path, e);
    }
  }

  // glibc's makedev: 12 bits of major and 20 of minor split around the classic 8+8 layout.
  private static long makedev(long major, long minor) {
    return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8)
        | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
  }

  private static byte[] bytes(Path path) {
    return nulTerminated(path.toString().getBytes(PATH_CHARSET));
  }

  private static byte[] nulTerminated(byte[] raw) {
    byte[] out = new byte[raw.length + 1];
    System.arraycopy(raw, 0, out, 0, raw.length);
    return out;
  }

  private static IOException failure(String call, Path path, LastErrorException e) {
    return new IOException(call + " " + path + ": " + e.getMessage());
  }
}
