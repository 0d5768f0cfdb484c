package dev.berth.agent.volume.backup;

import dev.berth.agent.layer.ArchiveExtractor;
import dev.berth.agent.layer.Compression;
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
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
 * <p>Three threads share the work, as {@code tar -xzf} shares it with its gzip process: one reads
 * the archive and hashes it, one decompresses it, and the caller's thread writes the files.
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
    MessageDigest digest = sha256();
    try (ReadAheadInputStream hashed =
            new ReadAheadInputStream(new DigestInputStream(archive, digest), CHUNK, "restore-read");
        InputStream decompressed = Compression.decompress(new UnclosableInputStream(hashed));
        ReadAheadInputStream plain = new ReadAheadInputStream(decompressed, CHUNK, "restore-decompress")) {
      try (DirectoryHandle target = DirectoryHandle.open(staged)) {
        ArchiveExtractor.extractTree(plain, target);
        plain.awaitEnd();
      } catch (UnsafeLayerException unsafe) {
        throw new BadBackupException("backup archive refused: " + unsafe.getMessage(), unsafe);
      } catch (IOException unreadable) {
        throw new BadBackupException("backup archive is corrupt or truncated: " + unreadable.getMessage(), unreadable);
      }
      hashed.awaitEnd(); // the trailer after the compressed tar, if any
      String actual = HexFormat.of().formatHex(digest.digest());
      if (!actual.equals(expected)) {
        throw new BadBackupException("backup archive checksum mismatch: got sha256:" + actual + ", expected sha256:"
            + expected, null);
      }
      return volumes.restore(name, labels, staged, replace);
    } finally {
      FileTrees.delete(staged);
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
