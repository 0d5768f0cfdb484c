package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.image.archive.ArchiveSpool;
import dev.berth.agent.image.archive.ArchivedImage;
import dev.berth.agent.image.archive.DockerArchiveFormat;
import dev.berth.agent.image.archive.OciLayoutFormat;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.layer.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads image archives: docker-archive (every layout, see {@link DockerArchiveFormat}) and OCI
 * layout archives ({@link OciLayoutFormat}), plain or compressed. All or nothing: every layer of
 * every image is verified (blob digest, DiffID against the config's rootfs) and stored before
 * the first image becomes visible; on any failure what was written is deleted again.
 */
final class ArchiveLoader {
  private final ImageStore store;
  private final ImageIngester ingester;
  private final Path tmpDir;

  ArchiveLoader(ImageStore store, ImageIngester ingester, Path tmpDir) {
    this.store = store;
    this.ingester = ingester;
    this.tmpDir = tmpDir;
  }

  /** Loads every image of {@code archive}; returns their ids, in archive order. */
  List<Digest> load(InputStream archive, LoadProgress progress) throws IOException {
    try (ArchiveSpool spool = ArchiveSpool.read(Compression.decompress(archive), tmpDir)) {
      List<ArchivedImage> archived = formatOf(spool);
      ResourceLease lease = store.resources().lease();
      try {
        List<Image> images = new ArrayList<>();
        for (ArchivedImage image : archived) {
          images.add(ingest(spool, image, lease, progress));
        }
        List<Digest> ids = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
          commit(images.get(i), archived.get(i).tags(), progress);
          ids.add(images.get(i).id());
        }
        lease.close();
        return ids;
      } catch (IOException | RuntimeException e) {
        store.discard(lease);
        throw e;
      }
    }
  }

  private static List<ArchivedImage> formatOf(ArchiveSpool spool) throws IOException {
    if (spool.has(DockerArchiveFormat.MANIFEST)) {
      return DockerArchiveFormat.read(spool);
    }
    if (spool.has(OciLayoutFormat.INDEX) && spool.has(OciLayoutFormat.LAYOUT)) {
      return OciLayoutFormat.read(spool, "linux", hostArchitecture());
    }
    throw new IOException("not an image archive: no manifest.json (docker-archive) nor index.json and oci-layout"
        + " (OCI layout)");
  }

  private Image ingest(ArchiveSpool spool, ArchivedImage archived, ResourceLease lease, LoadProgress progress)
      throws IOException {
    ImageIngester.checkDepth(archived.layers().size());
    byte[] configBytes = spool.read(archived.configName());
    Digest configDigest = Digest.of(configBytes);
    if (archived.configDigest() != null && !archived.configDigest().equals(configDigest)) {
      throw new DigestMismatchException("config " + archived.configName() + " does not match its digest "
          + archived.configDigest());
    }
    ImageConfig config = ImageJson.read(configBytes, ImageConfig.class, "image config " + archived.configName());
    List<Digest> diffIds = new ArrayList<>();
    for (String diffId : config.diffIds()) {
      diffIds.add(Digest.parse(diffId));
    }
    if (diffIds.size() != archived.layers().size()) {
      throw new IOException("image config " + configDigest + " lists " + diffIds.size() + " layers, the archive has "
          + archived.layers().size());
    }
    for (int i = 0; i < diffIds.size(); i++) {
      ArchivedImage.ArchivedLayer layer = archived.layers().get(i);
      progress.layer(diffIds.get(i).toString(), i, diffIds.size());
      Path file = spool.file(layer.name());
      if (layer.size() >= 0 && Files.size(file) != layer.size()) {
        throw new DigestMismatchException("layer " + layer.name() + " has " + Files.size(file) + " bytes, expected "
            + layer.size());
      }
      boolean plainTar = layer.blobDigest() == null || layer.blobDigest().equals(diffIds.get(i));
      if (plainTar && !Compression.isCompressed(file)) {
        ingester.adoptLayer(file, diffIds.get(i), lease); // the common docker-archive case: no copy
      } else {
        try (InputStream in = Files.newInputStream(file)) {
          ingester.storeLayer(in, layer.blobDigest(), diffIds.get(i), lease);
        }
      }
    }
    progress.layer("", diffIds.size(), diffIds.size());
    List<Long> sizes = ingester.unpack(diffIds, lease);
    lease.holdBlob(configDigest);
    store.content().write(configBytes);
    return new Image(configDigest, diffIds, sizes, List.of(), null, HistoryEntry.instant(config.created));
  }

  private void commit(Image image, List<Reference> tags, LoadProgress progress) throws IOException {
    Map<Reference, Digest> moved = store.put(image, tags);
    moved.forEach((tag, old) -> progress.message("The image " + tag.familiar() + " already exists, renaming the old"
        + " one with ID " + old + " to empty string"));
    if (tags.isEmpty()) {
      progress.message("Loaded image ID: " + image.id());
    }
    tags.forEach(tag -> progress.message("Loaded image: " + tag.familiar()));
  }

  /** The host's architecture in OCI's words (amd64, arm64, …). */
  static String hostArchitecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }
}
