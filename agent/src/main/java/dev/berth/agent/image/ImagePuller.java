package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageIndex;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import dev.berth.agent.image.json.MediaTypes;
import dev.berth.agent.registry.BlobSources;
import dev.berth.agent.registry.RegistryClient;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Pulls an image from a registry: the manifest (a list or index resolved to this host's
 * platform, linux/amd64 here), the config (verified), then the layers not already stored,
 * several at once ({@link LayerDownloads}), each verified against its blob digest and its
 * DiffID, then unpacked, all under one lease, so a
 * failed pull leaves nothing behind. Where the layers came from is remembered ({@link BlobSources})
 * for pushes to mount them.
 */
final class ImagePuller {
  private final ImageStore store;
  private final ImageIngester ingester;
  private final LayerDownloads downloads;
  private final BlobSources sources;

  ImagePuller(ImageStore store, ImageIngester ingester, BlobSources sources) {
    this.store = store;
    this.ingester = ingester;
    this.sources = sources;
    this.downloads = new LayerDownloads(ingester);
  }

  /** Pulls {@code reference} (with a tag or digest) through {@code registry}; returns the image. */
  Image pull(Reference reference, RegistryClient registry, TransferProgress progress) throws IOException {
    String repository = reference.path();
    String wanted = reference.digest().map(Digest::toString).orElseGet(() -> reference.tag().orElse(Reference.DEFAULT_TAG));
    progress.status(reference.digest().isPresent() ? null : wanted, "Pulling from " + repository);
    RegistryClient.Manifest manifest = registry.manifest(repository, wanted);
    if (MediaTypes.isIndex(manifest.mediaType())) {
      ImageIndex index = ImageJson.read(manifest.content(), ImageIndex.class, "manifest list " + manifest.digest());
      Descriptor platform = index.manifests().stream()
          .filter(d -> d.platform() != null && "linux".equals(d.platform().os())
              && ArchiveLoader.hostArchitecture().equals(d.platform().architecture()))
          .findFirst().orElseThrow(() -> new IOException("no matching manifest for linux/"
              + ArchiveLoader.hostArchitecture() + " in the manifest list entries"));
      manifest = registry.manifest(repository, platform.digest());
    }
    if (!MediaTypes.isManifest(manifest.mediaType())) {
      throw new IOException("unsupported manifest type " + manifest.mediaType() + " for " + reference.familiar());
    }
    ImageManifest image = ImageJson.read(manifest.content(), ImageManifest.class, "manifest " + manifest.digest());
    ImageIngester.checkDepth(image.layers().size());
    Digest configDigest = image.config().parsedDigest();
    byte[] configBytes;
    try (InputStream in = registry.blob(repository, configDigest)) {
      configBytes = in.readAllBytes();
    }
    if (!Digest.of(configBytes).equals(configDigest)) {
      throw new DigestMismatchException("config does not match its digest " + configDigest);
    }
    ImageConfig config = ImageJson.read(configBytes, ImageConfig.class, "image config " + configDigest);
    if (config.diffIds().size() != image.layers().size()) {
      throw new IOException("image config " + configDigest + " lists " + config.diffIds().size()
          + " layers, the manifest " + image.layers().size());
    }
    ResourceLease lease = store.resources().lease();
    try {
      List<Digest> diffIds = new ArrayList<>();
      List<LayerDownloads.Layer> missing = new ArrayList<>();
      for (int i = 0; i < image.layers().size(); i++) {
        Digest diffId = Digest.parse(config.diffIds().get(i));
        LayerDownloads.Layer layer = new LayerDownloads.Layer(image.layers().get(i), diffId);
        diffIds.add(diffId);
        if (store.content().contains(diffId)) {
          lease.holdBlob(diffId);
          progress.status(layer.id(), "Already exists");
        } else if (missing.stream().noneMatch(m -> m.diffId().equals(diffId))) {
          missing.add(layer);
        }
      }
      downloads.fetch(registry, repository, missing, lease, progress);
      List<Long> sizes = ingester.unpack(diffIds, lease);
      for (LayerDownloads.Layer layer : missing) {
        progress.status(layer.id(), "Pull complete");
      }
      lease.holdBlob(configDigest);
      store.content().write(configBytes);
      lease.holdBlob(manifest.digest());
      store.content().write(manifest.content());
      Image pulled = new Image(configDigest, diffIds, sizes, List.of(manifest.digest()), null,
          HistoryEntry.instant(config.created));
      store.put(pulled, reference.digest().isPresent() ? List.of() : List.of(reference));
      lease.close();
      sources.remember(reference.domain(), repository, image.layers().stream().map(Descriptor::parsedDigest).toList());
      progress.status(null, "Digest: " + manifest.digest());
      return pulled;
    } catch (IOException | RuntimeException e) {
      store.discard(lease);
      throw e;
    }
  }
}
