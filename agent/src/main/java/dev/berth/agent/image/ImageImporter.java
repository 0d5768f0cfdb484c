package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker import}: a root filesystem tar (plain, gzip, bzip2, xz or zstd) becomes a
 * one-layer image, its config made as Docker makes it (changes applied, the message as the
 * config's and the history's comment, "Imported from -" when none is given).
 */
final class ImageImporter {
  /** RFC 3339 with nanoseconds, as Go writes times into configs. */
  static final DateTimeFormatter RFC3339_NANO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

  private final ImageStore store;
  private final ImageIngester ingester;

  ImageImporter(ImageStore store, ImageIngester ingester) {
    this.store = store;
    this.ingester = ingester;
  }

  /** Imports {@code tar}; returns the new image. Bad changes are refused before anything is stored. */
  Image importTar(InputStream tar, List<String> changes, String message, Optional<Reference> tag) throws IOException {
    ContainerConfig containerConfig = new ContainerConfig();
    ConfigChanges.apply(changes, containerConfig);
    String comment = message == null || message.isEmpty() ? "Imported from -" : message;
    ResourceLease lease = store.resources().lease();
    try {
      Digest diffId = ingester.storeLayer(tar, null, null, lease);
      List<Long> sizes = ingester.unpack(List.of(diffId), lease);
      Instant now = Instant.now();
      ImageConfig config = new ImageConfig();
      config.created = RFC3339_NANO.format(now);
      config.architecture = ArchiveLoader.hostArchitecture();
      config.os = "linux";
      config.comment = comment;
      config.config = containerConfig;
      config.rootfs = new ImageConfig.RootFs();
      config.rootfs.diffIds.add(diffId.toString());
      config.history = List.of(new ImageConfig.History(config.created, null, null, comment, null));
      return ingester.storeImage(config, List.of(diffId), sizes, null, now, tag, lease);
    } catch (IOException | RuntimeException e) {
      store.discard(lease);
      throw e;
    }
  }
}
