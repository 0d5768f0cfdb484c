package dev.berth.agent.volume.backup;

import dev.berth.agent.layer.ArchiveExtractor;
import dev.berth.agent.layer.Compression;
import dev.berth.agent.layer.HashingInputStream;
import dev.berth.agent.layer.ReadAheadInputStream;
import dev.berth.agent.layer.UnclosableInputStream;
import dev.berth.agent.layer.DirectoryHandle;
import dev.berth.agent.layer.UnsafeLayerException;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Restores a {@link VolumeBackup} archive into a volume, new or existing (empty, or replaced on
 * request), without touching it until the archive has proven good: the whole archive is
 * extracted into a fresh staging directory beside the volumes (nothing outside it:
 * {@link ArchiveExtractor#extractTree}), its sha256 compared with the expected one, and only then
 * is the staging directory swapped with the volume's content in one rename. A corrupt or
 * truncated archive, a checksum mismatch or an entry leaving the volume throws
 * {@link BadBackupException} and leaves the volume as it was.
 *
 * <p>Two threads share the work, as {@code tar -xzf} shares it with its gzip process: one reads
 * the archive, hashes it (libcrypto, {@link dev.berth.agent.content.Sha256}) and decompresses it;
 * the caller's thread writes the files.
 */
public final class VolumeRestore {
  private static final int CHUNK = 1 << 20;
  private static final Pattern SHA256 = Pattern.compile("(sha256:)?[0-9a-f]{64}");

  private final VolumeService volumes;

  /** Restores into volumes of {@code volumes}. */
  public VolumeRestore(VolumeService volumes) {
    this.volumes = volumes;
  }

  /** Refuses a restore before its archive is read: a malformed checksum, or a target that may not take it. */
  public void check(String name, String sha256, boolean replace) throws IOException {
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be the archive's 64 lowercase hex digits");
    }
    volumes.checkRestorable(name, replace);
  }

  /** Restores {@code archive} (read to its end, not closed) as volume {@code name}; returns the volume. */
  public Volume restore(String name, InputStream archive, String sha256, boolean replace, Map<String, String> labels)
      throws IOException {
    check(name, sha256, replace);
    String expected = sha256.substring(sha256.indexOf(':') + 1);
    Path staged = volumes.newStagingDir();
    try {
      extractVerified(archive, expected, staged);
      return volumes.restore(name, labels, staged, replace);
    } finally {
      FileTrees.delete(staged);
    }
  }

  /**
   * Extracts {@code archive} into the empty directory {@code staged} and checks that its sha256 is
   * {@code expected} (hex); a bad archive throws {@link BadBackupException}.
   */
  static void extractVerified(InputStream archive, String expected, Path staged) throws IOException {
    HashingInputStream hashed = new HashingInputStream(new UnclosableInputStream(archive));
    try (InputStream decompressed = Compression.decompress(hashed);
        ReadAheadInputStream plain = new ReadAheadInputStream(decompressed, CHUNK, "restore-decompress")) {
      try (DirectoryHandle target = DirectoryHandle.open(staged)) {
        ArchiveExtractor.extractTree(plain, target);
        plain.awaitEnd();
        hashed.drain(); // the trailer after the compressed tar, if any
      } catch (UnsafeLayerException unsafe) {
        throw new BadBackupException("backup archive refused: " + unsafe.getMessage(), unsafe);
      } catch (IOException unreadable) {
        throw new BadBackupException("backup archive is corrupt or truncated: " + unreadable.getMessage(), unreadable);
      }
      String actual = HexFormat.of().formatHex(hashed.hash());
      if (!actual.equals(expected)) {
        throw new BadBackupException("backup archive checksum mismatch: got sha256:" + actual + ", expected sha256:"
            + expected, null);
      }
    }
  }
}
