package dev.berth.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Whole-file writes that are all-or-nothing, even across a crash or power loss.
 *
 * <p>The data goes to a temp file in the target's directory, is flushed to disk, gets its
 * permissions and is then renamed over the target; finally the directory itself is flushed so
 * the rename is durable. A reader sees either the old file or the new one, never a torn write.
 */
public final class AtomicFiles {

  /** Owner read/write only, for anything holding secrets or state. */
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /** Atomically replaces {@code target} with {@code data}, leaving it with {@code permissions}. */
  public static void write(Path target, byte[] data, Set<PosixFilePermission> permissions)
      throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    // Created owner-only, so a secret is never readable by others, whatever the umask.
    Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.setPosixFilePermissions(temp, permissions);
      moveAtomically(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(directory);
  }

  /** Returns the file's bytes, or empty when it does not exist. */
  public static Optional<byte[]> readIfExists(Path file) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Creates {@code directory} (and parents) if needed, owner-only when it is new. */
  public static Path createPrivateDirectories(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
    }
    return directory;
  }

  /** Atomically renames {@code source} (a file written with {@link #write}) over {@code target}, durably. */
  public static void rename(Path source, Path target) throws IOException {
    moveAtomically(source, target);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot replace " + target + " atomically", e);
    }
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
