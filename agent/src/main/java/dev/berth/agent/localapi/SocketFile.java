package dev.berth.agent.localapi;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.SocketChannel;

/**
 * The file a unix socket lives at: its directory is made (0755) if missing, a stale socket left by
 * an agent that did not stop cleanly is replaced, and the socket is opened to its owner (root) and
 * group only (0660), as dockerd's {@code /run/docker.sock} is. A socket some process still
 * listens on, or a file that is not a socket, is left alone and the start fails.
 */
final class SocketFile {
  private static final int TYPE_MASK = 0170000;
  private static final int SOCKET_TYPE = 0140000;

  private final Path path;

  /** The socket file at {@code path}. */
  SocketFile(Path path) {
    this.path = path;
  }

  /** The path. */
  Path path() {
    return path;
  }

  /** Makes the directory and clears the way for a new socket at the path. */
  void prepare() throws IOException {
    Path dir = path.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!isSocket()) {
      throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket; not replacing it");
    }
    if (listenedOn()) {
      throw new IOException(path + " is in use: another process serves it");
    }
    Files.delete(path); // stale: left by an agent that did not stop cleanly
  }

  /** Restricts the bound socket to its owner and group. */
  void restrict() throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
  }

  /** Removes the socket file, if it is still a socket. */
  void remove() throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && isSocket()) {
      Files.delete(path);
    }
  }

  private boolean isSocket() throws IOException {
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & TYPE_MASK) == SOCKET_TYPE;
  }

  private boolean listenedOn() {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return probe.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException refused) {
      return false;
    }
  }
}
