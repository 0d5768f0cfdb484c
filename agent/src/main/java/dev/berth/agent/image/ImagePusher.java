package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import dev.berth.agent.image.json.MediaTypes;
import dev.berth.agent.registry.BlobSources;
import dev.berth.agent.registry.RegistryClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes an image to a registry: each layer the repository lacks (asked with {@code HEAD}),
 * mounted from another repository of the registry known to hold it ({@link LayerMounts}) or
 * uploaded, then the config, then an OCI manifest; the repository is then remembered as holding
 * the layers ({@link BlobSources}). Layers go as stored, uncompressed tars, so a layer's blob
 * digest is its DiffID and nothing is recompressed.
 */
final class ImagePusher {
  private final ImageStore store;
  private final BlobSources sources;
  private final LayerMounts mounts;

  ImagePusher(ImageStore store, BlobSources sources) {
    this.store = store;
    this.sources = sources;
    this.mounts = new LayerMounts(sources);
  }

  /** Pushes the image {@code reference} names to {@code registry} under that tag; returns the manifest digest. */
  Digest push(Reference reference, RegistryClient registry, TransferProgress progress) throws IOException {
    Image image = store.resolve(reference.toString());
    String repository = reference.path();
    String tag = reference.tag().orElse(Reference.DEFAULT_TAG);
    progress.status(null, "The push refers to repository [" + reference.familiarName() + "]");
    List<Descriptor> layers = new ArrayList<>();
    for (Digest diffId : image.diffIds()) {
      String id = diffId.encoded().substring(0, 12);
      long size = store.content().size(diffId);
      layers.add(Descriptor.of(MediaTypes.OCI_LAYER, diffId, size));
      if (registry.hasBlob(repository, diffId)) {
        progress.status(id, "Layer already exists");
        continue;
      }
      progress.status(id, "Preparing");
      pushLayer(reference, registry, diffId, new Bytes(id, size, progress), progress);
    }
    Digest config = image.configDigest();
    if (!registry.hasBlob(repository, config)) {
      registry.pushBlob(repository, config, store.content().path(config), sent -> { });
    }
    byte[] manifest = ImageJson.write(ImageManifest.of(MediaTypes.OCI_MANIFEST,
        Descriptor.of(MediaTypes.OCI_CONFIG, config, store.content().size(config)), layers));
    Digest digest = registry.pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
    sources.remember(reference.domain(), repository, image.diffIds());
    progress.status(null, tag + ": digest: " + digest + " size: " + manifest.length);
    return digest;
  }

  /** Mounts the layer {@code diffId} (dockerd's {@code Mounted from <repository>}) or uploads it. */
  private void pushLayer(Reference reference, RegistryClient registry, Digest diffId, Bytes sent,
      TransferProgress progress) throws IOException {
    String repository = reference.path();
    LayerMounts.Outcome mount = mounts.mount(registry, reference.domain(), repository, diffId);
    if (mount.mountedFrom().isPresent()) {
      progress.status(sent.id, "Mounted from " + mount.mountedFrom().get());
      return;
    }
    URI upload = mount.upload().isPresent() ? mount.upload().get() : registry.startUpload(repository);
    registry.upload(repository, upload, diffId, store.content().path(diffId), sent);
    progress.status(sent.id, "Pushed");
  }

  /**
   * A layer's bytes sent, reported as dockerd's {@code Pushing} lines (every 512 KiB and at the
   * end). A report that cannot be written is dropped: the push goes on, and the next status line
   * meets the same broken stream.
   */
  private static final class Bytes implements java.util.function.LongConsumer {
    private static final long REPORT_EVERY = 512 * 1024;
    private final String id;
    private final long total;
    private final TransferProgress progress;
    private long reported = -1;

    Bytes(String id, long total, TransferProgress progress) {
      this.id = id;
      this.total = total;
      this.progress = progress;
    }

    @Override
    public synchronized void accept(long sent) {
      boolean again = sent < reported; // the body went again (after an auth challenge)
      if (!again && sent - reported < REPORT_EVERY && sent < total) {
        return;
      }
      reported = sent;
      try {
        progress.progress(id, "Pushing", sent, Math.max(total, sent));
      } catch (IOException dropped) {
        // the client went away; the push itself decides what happens next
      }
    }
  }
}
