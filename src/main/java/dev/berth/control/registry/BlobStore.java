package dev.berth.control.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The registry's blobs on disk, content-addressed and shared by every repository, and the uploads
 * in progress. An upload is a plain file that grows with each chunk; committing it hashes it (or
 * finishes the hash kept while it was received), checks the digest the client claimed, fsyncs it
 * and renames it into {@code blobs/}, so a blob is visible only whole and verified. Uploads are on
 * disk, so they survive a restart of the control plane: only the running hash is lost, and the
 * commit then reads the file once more.
 *
 * <p>A blob's modification time is when it was last <em>used</em>: committed, mounted, or checked
 * by a client that is about to refer to it ({@link #touch}). Garbage collection only takes blobs
 * unused for a grace period, and takes them in two steps ({@link #setAside}, then
 * {@link #discard} or {@link #restore}) so that a blob touched while it was being taken is kept.
 *
 * <p>An upload's {@code data} modification time is when a client last used it (started it, sent
 * a chunk, asked for its progress or committed it: {@link #upload} touches it). Garbage collection
 * expires uploads unused for a while ({@link #expireUploads}) in two steps too: it removes the
 * upload's {@code repository} file (lookups then find the upload unknown), looks at the time again,
 * and deletes the data only if no client touched it meanwhile, else writes the file back. A lookup
 * touches the data, then checks that the {@code repository} file is still there: so a request that
 * found the upload never loses its data, and one that comes too late gets {@code BLOB_UPLOAD_UNKNOWN}.
 *
 * <pre>
 *   $BERTH_DATA/registry/
 *     blobs/sha256/&lt;hex&gt;        committed blobs, read-only (0444)
 *     uploads/&lt;id&gt;/data         the bytes received so far
 *     uploads/&lt;id&gt;/repository   the repository the upload was started in
 *     trash/&lt;hex&gt;               a blob garbage collection is taking (gone or back within a moment)
 * </pre>
 */
public final class BlobStore {
  private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final Path blobs;
  private final Path uploads;
  private final Path trash;
  private final ConcurrentHashMap<String, RunningHash> hashes = new ConcurrentHashMap<>();

  /** Opens (or creates) the store under {@code root}. */
  public BlobStore(Path root) {
    try {
      this.blobs = Files.createDirectories(root.resolve("blobs").resolve("sha256"));
      this.uploads = Files.createDirectories(root.resolve("uploads"));
      this.trash = Files.createDirectories(root.resolve("trash"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An upload in progress: its id, repository and the file its bytes go to. */
  public record Upload(String id, String repository, Path data) {
    /** How many bytes were received. */
    public long size() throws IOException {
      return Files.size(data);
    }
  }

  /** The sha256 of an upload's first {@code bytes} bytes, as far as they were hashed on receipt. */
  public static final class RunningHash {
    private final MessageDigest digest = sha256();
    private long bytes;

    /** Adds the next bytes of the upload. */
    public synchronized void update(java.nio.ByteBuffer data) {
      bytes += data.remaining();
      digest.update(data);
    }

    synchronized Optional<String> digestOf(long size) {
      if (bytes != size) {
        return Optional.empty();
      }
      try {
        return Optional.of(format(((MessageDigest) digest.clone()).digest()));
      } catch (CloneNotSupportedException e) {
        return Optional.empty();
      }
    }
  }

  /** Where a committed blob lives, if it is stored. */
  public Optional<Path> find(String digest) {
    Path path = path(digest);
    return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
  }

  /** The size of a committed blob, if it is stored. */
  public OptionalLong size(String digest) {
    try {
      return OptionalLong.of(Files.size(path(digest)));
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Marks a committed blob as used now, so that garbage collection leaves it for a grace period;
   * returns whether it is stored.
   */
  public boolean touch(String digest) {
    try {
      Files.setLastModifiedTime(path(digest), FileTime.from(Instant.now()));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** When a committed blob was last used, if it is stored. */
  public Optional<Instant> lastUsed(String digest) {
    try {
      return Optional.of(Files.getLastModifiedTime(path(digest)).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Takes a committed blob out of {@code blobs/} (clients then see it as absent) and answers
   * when it was last used, or empty if it was not there. Follow with {@link #discard} or
   * {@link #restore}.
   */
  public Optional<Instant> setAside(String digest) throws IOException {
    Path aside = trash.resolve(path(digest).getFileName());
    try {
      Files.move(path(digest), aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.NoSuchFileException gone) {
      return Optional.empty();
    }
    return Optional.of(Files.getLastModifiedTime(aside).toInstant());
  }

  /** Deletes a blob set aside; returns its size. */
  public long discard(String digest) throws IOException {
    Path aside = trash.resolve(path(digest).getFileName());
    long size = Files.size(aside);
    Files.delete(aside);
    return size;
  }

  /** Puts a blob set aside back (unless the same content was committed meanwhile). */
  public void restore(String digest) throws IOException {
    Path aside = trash.resolve(path(digest).getFileName());
    try {
      Files.move(aside, path(digest), StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException recommitted) {
      Files.delete(aside);
    }
  }

  /** Deletes a committed blob; returns whether it was there. */
  public boolean delete(String digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  /** Every committed blob's digest. */
  public Set<String> list() throws IOException {
    Set<String> all = new TreeSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
      for (Path file : files) {
        all.add("sha256:" + file.getFileName());
      }
    }
    return all;
  }

  /** Starts an empty upload into {@code repository}. */
  public Upload start(String repository) throws IOException {
    String id = UUID.randomUUID().toString();
    Path directory = Files.createDirectories(uploads.resolve(id));
    Files.writeString(directory.resolve("repository"), repository);
    Path data = Files.createFile(directory.resolve("data"));
    hashes.put(id, new RunningHash());
    return new Upload(id, repository, data);
  }

  /**
   * The upload {@code id} of {@code repository}, marked as used now (see {@link #expireUploads}),
   * or {@code BLOB_UPLOAD_UNKNOWN}.
   */
  public Upload upload(String repository, String id) {
    if (!UPLOAD_ID.matcher(id).matches()) {
      throw RegistryException.uploadUnknown(id);
    }
    Path directory = uploads.resolve(id);
    try {
      if (!Files.readString(directory.resolve("repository")).equals(repository)) {
        throw RegistryException.uploadUnknown(id);
      }
      Files.setLastModifiedTime(directory.resolve("data"), FileTime.from(Instant.now()));
      if (!Files.exists(directory.resolve("repository"))) {
        throw RegistryException.uploadUnknown(id); // being expired: see expireUploads
      }
    } catch (IOException e) {
      throw RegistryException.uploadUnknown(id);
    }
    return new Upload(id, repository, directory.resolve("data"));
  }

  /**
   * Deletes the uploads no client used since {@code cutoff} (see the class comment for why a
   * client using one meanwhile loses nothing); returns how many went.
   */
  public int expireUploads(Instant cutoff) throws IOException {
    int expired = 0;
    try (DirectoryStream<Path> directories = Files.newDirectoryStream(uploads)) {
      for (Path directory : directories) {
        String id = directory.getFileName().toString();
        if (lastUsed(directory).map(used -> used.isBefore(cutoff)).orElse(false) && expire(id, cutoff)) {
          expired++;
        }
      }
    }
    return expired;
  }

  private boolean expire(String id, Instant cutoff) throws IOException {
    Path directory = uploads.resolve(id);
    Path repository = directory.resolve("repository");
    String owner;
    try {
      owner = Files.readString(repository);
    } catch (java.nio.file.NoSuchFileException halfRemoved) {
      owner = null; // a collection stopped halfway: finish it
    }
    Files.deleteIfExists(repository);
    if (owner == null || lastUsed(directory).map(used -> used.isBefore(cutoff)).orElse(true)) {
      hashes.remove(id);
      Files.deleteIfExists(directory.resolve("data"));
      Files.deleteIfExists(directory);
      return true;
    }
    Path restored = directory.resolve("repository.restored");
    Files.writeString(restored, owner);
    Files.move(restored, repository, StandardCopyOption.ATOMIC_MOVE);
    return false;
  }

  /** When an upload's directory was last used (empty while it is being started or removed). */
  private static Optional<Instant> lastUsed(Path directory) {
    try {
      return Optional.of(Files.getLastModifiedTime(directory.resolve("data")).toInstant());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The running hash to feed the bytes appended to {@code upload}, if it covers everything
   * received so far (after a restart it does not, and the commit rehashes the file).
   */
  public RunningHash runningHash(Upload upload) throws IOException {
    long size = upload.size();
    return hashes.compute(upload.id(), (id, hash) -> hash != null || size > 0 ? hash : new RunningHash());
  }

  /**
   * Writes out what {@code upload} received so far (fdatasync), ahead of its commit, so that the
   * commit's fsync finds little left to write; returns whether the upload was still there.
   */
  public boolean writeBack(Upload upload) {
    try (FileChannel channel = FileChannel.open(upload.data(), StandardOpenOption.READ)) {
      channel.force(false);
      return true;
    } catch (IOException gone) {
      return false; // committed or cancelled meanwhile: its own fsync (or none) is what counts
    }
  }

  /**
   * Commits {@code upload} as the blob {@code expected}: {@code DIGEST_INVALID} (and the upload
   * is discarded) if its content hashes to something else. Returns the blob's size.
   */
  public long commit(Upload upload, String expected) throws IOException {
    try {
      long size = upload.size();
      RunningHash running = hashes.get(upload.id());
      String actual = running == null ? null : running.digestOf(size).orElse(null);
      try (FileChannel channel = FileChannel.open(upload.data(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        if (actual == null) {
          actual = hash(channel);
        }
        // The data and its size, not the times: after the writebacks while it arrived
        // (HashingWriteStream) there is often nothing left, not even a journal commit.
        channel.force(false);
      }
      if (!actual.equals(expected)) {
        throw RegistryException.digestInvalid("upload has digest " + actual + ", not " + expected);
      }
      moveIntoPlace(upload.data(), actual);
      return size;
    } finally {
      cancel(upload);
    }
  }

  /** Stores {@code data} (a small blob, e.g. from a test or a manifest) under its digest. */
  public String write(byte[] data) throws IOException {
    Upload upload = start("");
    Files.write(upload.data(), data);
    String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    commit(upload, digest);
    return digest;
  }

  /** Removes an upload and what it received. */
  public void cancel(Upload upload) throws IOException {
    hashes.remove(upload.id());
    Path directory = uploads.resolve(upload.id());
    Files.deleteIfExists(directory.resolve("data"));
    Files.deleteIfExists(directory.resolve("repository"));
    Files.deleteIfExists(directory);
  }

  private void moveIntoPlace(Path data, String digest) throws IOException {
    Path target = path(digest);
    if (touch(digest)) {
      return; // the same content is stored already: it is used again
    }
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r--r--r--"));
    try {
      Files.move(data, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException raced) {
      return;
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot commit " + digest + " atomically", e);
    }
    try (FileChannel directory = FileChannel.open(blobs, StandardOpenOption.READ)) {
      directory.force(true);
    }
  }

  private Path path(String digest) {
    return blobs.resolve(RepositoryName.checkDigest(digest).substring("sha256:".length()));
  }

  private static String hash(FileChannel channel) throws IOException {
    MessageDigest sha256 = sha256();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 20);
    long position = 0;
    for (int read; (read = channel.read(buffer, position)) > 0; position += read) {
      sha256.update(buffer.flip());
      buffer.clear();
    }
    return format(sha256.digest());
  }

  private static String format(byte[] hash) {
    return "sha256:" + HexFormat.of().formatHex(hash);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
