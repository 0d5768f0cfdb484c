package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What images are made of on disk, and reference counting over it: the blobs (config, layer
 * tars by DiffID, manifests and the blobs they list) in the {@link ContentStore}, and the
 * unpacked layers in the snapshotter. Something goes once no image references it and no
 * {@link ResourceLease} holds it.
 */
public final class ImageResources {
  private final ContentStore content;
  private final Set<ResourceLease> leases = ConcurrentHashMap.newKeySet();

  /** Resources kept in {@code content}. */
  public ImageResources(ContentStore content) {
    this.content = content;
  }

  /** The blob store. */
  public ContentStore content() {
    return content;
  }

  /** Starts holding resources for an operation that has not stored its image yet. */
  public ResourceLease lease() {
    return new ResourceLease(leases);
  }

  /** Deletes every blob no image in {@code images} references (run at start, before any lease). */
  void collectGarbage(List<Image> images) throws IOException {
    Set<Digest> referenced = new HashSet<>();
    for (Image image : images) {
      referenced.addAll(blobsOf(image));
    }
    for (Digest blob : content.list()) {
      if (!referenced.contains(blob) && !leased(blob)) {
        content.delete(blob);
      }
    }
  }

  /** After {@code removed} left the index: deletes its blobs that none of {@code remaining} uses. */
  void release(Image removed, List<Image> remaining) throws IOException {
    Set<Digest> candidates = blobsOf(removed);
    for (Image image : remaining) {
      candidates.removeAll(blobsOf(image));
    }
    for (Digest blob : candidates) {
      if (!leased(blob)) {
        content.delete(blob);
      }
    }
  }

  private boolean leased(Digest blob) {
    return leases.stream().anyMatch(lease -> lease.holdsBlob(blob));
  }

  /** The blobs {@code image} references: config, layers, manifests and what those list. */
  Set<Digest> blobsOf(Image image) {
    Set<Digest> blobs = new HashSet<>();
    blobs.add(image.id());
    blobs.addAll(image.diffIds());
    for (Digest manifest : image.manifests()) {
      blobs.add(manifest);
      try {
        ImageManifest parsed = ImageJson.read(content.read(manifest), ImageManifest.class, "manifest");
        if (parsed.layers() != null) {
          for (Descriptor layer : parsed.layers()) {
            blobs.add(layer.parsedDigest());
          }
        }
      } catch (IOException | IllegalArgumentException unreadable) {
        // a missing or foreign manifest protects nothing more
      }
    }
    return blobs;
  }
}
