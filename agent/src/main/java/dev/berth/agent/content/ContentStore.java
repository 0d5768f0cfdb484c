package dev.berth.agent.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;

/**
 * Content-addressed blob store: layers, configs and manifests, each stored once under its
 * sha256. A blob is written to a temp file in {@code ingest/}, hashed on the way, fsynced,
 * verified against the digest it should have, and only then renamed into {@code blobs/}: nothing
 * is visible before it is whole and verified, and a crash leaves at most a temp file, which the
 * next start deletes.
 *
 * <pre>
 *   &lt;root&gt;/
 *     blobs/sha256/&lt;hex&gt;   committed blobs, read-only (0444)
 *     ingest/              blobs being written (removed at start)
 * </pre>
 */
public final class ContentStore {
  private final Path blobs;
  private final Path ingest;

  /** Opens (or creates) the store under {@code root} and clears unfinished writes. */
  public ContentStore(Path root) throws IOException {
    this.blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    this.ingest = Files.createDirectories(root.resolve("ingest"));
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(ingest)) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  /**
   * Stores {@code data}. With {@code expected} (and {@code expectedSize} ≥ 0) the content must
   * match them or nothing is stored. Returns the blob's digest.
   */
  public Digest write(InputStream data, Digest expected, long expectedSize) throws IOException {
    Path temp = Files.createTempFile(ingest, "blob-", ".tmp");
    try {
      MessageDigest sha256 = Digest.newSha256();
      long size;
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
           OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
        size = data.transferTo(out);
        out.flush();
        channel.force(true);
      }
      Digest actual = Digest.fromHash(sha256.digest());
      if (expected != null && !expected.equals(actual)) {
        throw new DigestMismatchException("content has digest " + actual + ", expected " + expected);
      }
      if (expectedSize >= 0 && expectedSize != size) {
        throw new DigestMismatchException("content of " + actual + " has " + size + " bytes, expected " + expectedSize);
      }
      commit(temp, actual);
      return actual;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Stores the file at {@code file} by moving it into the store, when it hashes to
   * {@code expected}: one read instead of a copy, for large blobs that were spooled on the same
   * file system. The file is gone afterwards either way (stored, or refused and deleted).
   */
  public Digest adopt(Path file, Digest expected) throws IOException {
    try {
      MessageDigest sha256 = Digest.newSha256();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
           InputStream in = Channels.newInputStream(channel)) {
        in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        channel.force(true);
      }
      Digest actual = Digest.fromHash(sha256.digest());
      if (!actual.equals(expected)) {
        throw new DigestMismatchException("content has digest " + actual + ", expected " + expected);
      }
      commit(file, actual);
      return actual;
    } catch (AtomicMoveNotSupportedException otherFileSystem) {
      try (InputStream in = Files.newInputStream(file)) {
        return write(in, expected, -1);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Stores a small blob held in memory. */
  public Digest write(byte[] data) throws IOException {
    return write(new java.io.ByteArrayInputStream(data), null, -1);
  }

  /** Whether the blob is stored. */
  public boolean contains(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  /** The blob's size in bytes. */
  public long size(Digest digest) throws IOException {
    try {
      return Files.size(path(digest));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("blob " + digest + " is not stored");
    }
  }

  /** Reads a stored blob. */
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException("blob " + digest + " is not stored");
    }
  }

  /** A small stored blob, whole. */
  public byte[] read(Digest digest) throws IOException {
    try (InputStream in = open(digest)) {
      return in.readAllBytes();
    }
  }

  /** Where a committed blob lives (read it, never write it). */
  public Path path(Digest digest) {
    return blobs.resolve(digest.encoded());
  }

  /** Deletes a blob; returns whether it was there. */
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  /** Every stored blob. */
  public Set<Digest> list() throws IOException {
    Set<Digest> all = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path file : files) {
        try {
          all.add(new Digest("sha256", file.getFileName().toString()));
        } catch (IllegalArgumentException notABlob) {
          // not ours: leave it alone
        }
      }
    }
    return all;
  }

  private void commit(Path temp, Digest digest) throws IOException {
    Path target = path(digest);
    if (Files.exists(target)) {
      return; // same content already stored: content addressing makes this a no-op
    }
    Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot commit " + digest + " atomically", e);
    }
    try (FileChannel directory = FileChannel.open(blobs, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }
}
