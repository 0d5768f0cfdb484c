package dev.berth.agent.runtime.attach;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connection to conmon's attach socket: a unix {@code SOCK_SEQPACKET} socket, which the JDK
 * cannot open, so it is driven through libc with JNA. Every packet conmon sends is one chunk of
 * output whose first byte names the stream ({@link #STDOUT} or {@link #STDERR}); every packet
 * written is input for the process's stdin. Shutting the writing side down is how stdin ends.
 *
 * <p>The socket is reached through {@code /proc/self/fd/N/attach} of its directory opened with
 * {@code O_PATH}, so its path may be longer than a socket address allows (108 bytes).
 */
public final class AttachSocket implements AutoCloseable {
  /** The stream byte of standard output (and of a terminal's output). */
  public static final int STDOUT = 2;
  /** The stream byte of standard error. */
  public static final int STDERR = 3;
  /** conmon's output buffer plus the stream byte: no packet is larger. */
  public static final int MAX_PACKET = 8192 + 1;
  /** conmon reads input in chunks of this size; larger writes are split. */
  static final int MAX_INPUT = 32 * 1024;

  private static final int AF_UNIX = 1;
  private static final int SOCK_SEQPACKET = 5;
  private static final int SOCK_CLOEXEC = 02000000;
  private static final int O_PATH = 010000000;
  private static final int O_DIRECTORY = 0200000;
  private static final int O_CLOEXEC = 02000000;
  private static final int SHUT_WR = 1;
  private static final int SHUT_RDWR = 2;
  private static final int EINTR = 4;
  private static final int SOCKADDR_UN_SIZE = 110;

  static {
    Native.register(AttachSocket.class, NativeLibrary.getInstance("c"));
  }

  private static native int socket(int domain, int type, int protocol) throws LastErrorException;

  private static native int connect(int fd, byte[] address, int length) throws LastErrorException;

  private static native int open(byte[] path, int flags) throws LastErrorException;

  private static native long read(int fd, byte[] buffer, long count) throws LastErrorException;

  private static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

  private static native int shutdown(int fd, int how) throws LastErrorException;

  private static native int close(int fd) throws LastErrorException;

  private final int fd;
  private volatile boolean closed;

  private AttachSocket(int fd) {
    this.fd = fd;
  }

  /** Connects to the {@code attach} socket in {@code directory} (conmon's link to the bundle). */
  public static AttachSocket connect(Path directory) throws IOException {
    int dir;
    try {
      dir = open(nulTerminated(directory.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC);
    } catch (LastErrorException e) {
      throw new IOException("cannot open " + directory + ": " + e.getMessage());
    }
    int fd = -1;
    try {
      fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      connect(fd, address("/proc/self/fd/" + dir + "/attach"), SOCKADDR_UN_SIZE);
      return new AttachSocket(fd);
    } catch (LastErrorException e) {
      if (fd >= 0) {
        close(fd);
      }
      throw new IOException("cannot connect to the attach socket in " + directory + ": " + e.getMessage());
    } finally {
      close(dir);
    }
  }

  /**
   * Reads one packet into {@code buffer} (at least {@link #MAX_PACKET} long); returns its length,
   * 0 at the end (conmon closed the connection, e.g. when the process exited).
   */
  public int read(byte[] buffer) throws IOException {
    while (true) {
      try {
        return (int) read(fd, buffer, Math.min(buffer.length, MAX_PACKET));
      } catch (LastErrorException e) {
        if (closed) {
          return 0;
        }
        if (e.getErrorCode() != EINTR) {
          throw new IOException("reading the attach socket: " + e.getMessage());
        }
      }
    }
  }

  /** Sends {@code length} bytes of input, in packets conmon reads whole. */
  public void write(byte[] bytes, int offset, int length) throws IOException {
    int done = 0;
    while (done < length) {
      int size = Math.min(MAX_INPUT, length - done);
      byte[] packet = new byte[size];
      System.arraycopy(bytes, offset + done, packet, 0, size);
      try {
        done += (int) write(fd, packet, size);
      } catch (LastErrorException e) {
        if (e.getErrorCode() != EINTR) {
          throw new IOException("writing the attach socket: " + e.getMessage());
        }
      }
    }
  }

  /** Ends the input: conmon closes the process's stdin (unless it was told to leave it open). */
  public void closeInput() {
    try {
      shutdown(fd, SHUT_WR);
    } catch (LastErrorException ignored) {
      // already closed by the other side
    }
  }

  /** Closes the connection; a read blocked in another thread returns 0. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      shutdown(fd, SHUT_RDWR);
    } catch (LastErrorException ignored) {
      // not connected any more
    }
    try {
      close(fd);
    } catch (LastErrorException ignored) {
      // nothing left to release
    }
  }

  private static byte[] address(String path) throws IOException {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    if (name.length >= SOCKADDR_UN_SIZE - 2) {
      throw new IOException("socket path too long: " + path);
    }
    byte[] address = new byte[SOCKADDR_UN_SIZE];
    address[0] = (byte) AF_UNIX; // sun_family, little-endian short
    System.arraycopy(name, 0, address, 2, name.length);
    return address;
  }

  private static byte[] nulTerminated(String text) {
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[raw.length + 1];
    System.arraycopy(raw, 0, out, 0, raw.length);
    return out;
  }
}
