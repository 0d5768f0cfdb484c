package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker commit}: a child of an image with one more layer, made as Docker's image service
 * commits: the config is the container's with the changes applied, architecture and os the
 * parent's, the history the parent's plus one entry (author, comment, the container's command);
 * an empty layer is not stacked but marked {@code empty_layer} in the history. The new layer is
 * spooled to a file and moved into the content store, then unpacked once.
 */
final class ImageCommitter {
  /** The DiffID of a tar holding nothing: its end marker, two zero blocks. */
  static final Digest EMPTY_LAYER = Digest.of(new byte[1024]);

  private final ImageStore store;
  private final ImageConfigs configs;
  private final ImageIngester ingester;
  private final Path tmpDir;

  ImageCommitter(ImageStore store, ImageConfigs configs, ImageIngester ingester, Path tmpDir) {
    this.store = store;
    this.configs = configs;
    this.ingester = ingester;
    this.tmpDir = tmpDir;
  }

  /** Commits {@code layer} on top of {@code parent}; bad changes are refused before anything is written. */
  Image commit(Image parent, ImageCommit commit, ImageCommit.LayerSource layer, Optional<Reference> tag)
      throws IOException {
    ContainerConfig containerConfig = ImageJson.mapper().convertValue(commit.config(), ContainerConfig.class);
    ConfigChanges.apply(commit.changes(), containerConfig);
    ResourceLease lease = store.resources().lease();
    try {
      Digest diffId = spool(layer, lease);
      boolean empty = diffId.equals(EMPTY_LAYER);
      List<Digest> diffIds = new ArrayList<>(parent.diffIds());
      if (!empty) {
        diffIds.add(diffId);
      }
      List<Long> sizes = ingester.unpack(diffIds, lease);
      Instant now = Instant.now();
      ImageConfig config = configs.copyOf(parent);
      config.created = ImageImporter.RFC3339_NANO.format(now);
      config.author = emptyToNull(commit.author());
      config.comment = null;
      config.dockerVersion = null;
      config.config = containerConfig;
      config.other("container", commit.containerId());
      config.other().remove("container_config"); // the parent's builder state, not this image's
      if (config.rootfs == null) {
        config.rootfs = new ImageConfig.RootFs();
      }
      config.rootfs.diffIds = diffIds.stream().map(Digest::toString).toList();
      List<ImageConfig.History> history = new ArrayList<>(config.historyOrEmpty());
      history.add(new ImageConfig.History(config.created, commit.createdBy(), config.author,
          emptyToNull(commit.comment()), empty ? Boolean.TRUE : null));
      config.history = history;
      return ingester.storeImage(config, diffIds, sizes, parent.id(), now, tag, lease);
    } catch (IOException | RuntimeException e) {
      store.discard(lease);
      throw e;
    }
  }

  // Writes the layer to a file next to the content store and moves it in; returns its DiffID.
  private Digest spool(ImageCommit.LayerSource layer, ResourceLease lease) throws IOException {
    Files.createDirectories(tmpDir);
    Path file = Files.createTempFile(tmpDir, "commit-", ".tar");
    try {
      MessageDigest sha256 = Digest.newSha256();
      try (OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
          sha256)) {
        layer.writeTo(out);
      }
      Digest diffId = Digest.fromHash(sha256.digest());
      if (!diffId.equals(EMPTY_LAYER)) {
        ingester.adoptLayer(file, diffId, lease);
      }
      return diffId;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
