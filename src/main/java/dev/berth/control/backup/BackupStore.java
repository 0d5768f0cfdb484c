package dev.berth.control.backup;

import dev.berth.backup.BackupArchive;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The backup archives on disk, under {@code $BERTH_DATA}:
 *
 * <pre>
 * backups/
 * ├── &lt;id&gt;.tar.zst      a complete archive (see BackupArchive), named by its backup's id
 * └── .incoming-&lt;id&gt;    one being received; fsynced and renamed when complete, removed at start
 * </pre>
 */
@ApplicationScoped
@Startup
public class BackupStore {
  private static final int CHUNK = 1 << 20;

  @ConfigProperty(name = "berth.data") Path data;

  /** What was stored: the archive's sha256 (hex) and length. */
  public record Stored(String sha256, long bytes) {}

  /** Where the archive of backup {@code id} is. */
  public Path file(UUID id) {
    return dir().resolve(id + ".tar.zst");
  }

  /**
   * Stores {@code archive} (read to its end) as backup {@code id}: hashed as it arrives, written to
   * a temp file, fsynced, renamed into place; {@code progress} hears the bytes received so far.
   */
  public Stored write(UUID id, InputStream archive, LongConsumer progress) throws IOException {
    Path incoming = dir().resolve(".incoming-" + id);
    MessageDigest digest = sha256();
    long total = 0;
    try (FileChannel out = FileChannel.open(incoming, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] chunk = new byte[CHUNK];
      int n;
      while ((n = archive.readNBytes(chunk, 0, CHUNK)) > 0) {
        digest.update(chunk, 0, n);
        out.write(java.nio.ByteBuffer.wrap(chunk, 0, n));
        total += n;
        progress.accept(total);
      }
      out.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(incoming);
      throw e;
    }
    Files.move(incoming, file(id), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel dir = FileChannel.open(dir(), StandardOpenOption.READ)) {
      dir.force(true);
    }
    return new Stored(HexFormat.of().formatHex(digest.digest()), total);
  }

  /** The manifest JSON inside backup {@code id}'s archive, if it has one (uploads may not). */
  public Optional<byte[]> manifest(UUID id) throws IOException {
    try (SeekableByteChannel file = Files.newByteChannel(file(id))) {
      return BackupArchive.readManifest(file);
    }
  }

  /** Removes backup {@code id}'s archive (nothing if it is gone). */
  public void delete(UUID id) throws IOException {
    Files.deleteIfExists(file(id));
  }

  void removeIncomplete() throws IOException {
    try (var entries = Files.newDirectoryStream(dir(), ".incoming-*")) {
      for (Path left : entries) {
        Files.deleteIfExists(left);
      }
    }
  }

  @jakarta.annotation.PostConstruct
  void start() {
    try {
      removeIncomplete();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path dir() {
    try {
      return Files.createDirectories(data.resolve("backups"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
