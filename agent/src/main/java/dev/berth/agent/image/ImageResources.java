package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.image.json.Descriptor;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.image.json.ImageManifest;
import dev.berth.agent.snapshot.ChainIds;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What images are made of on disk, and reference counting over it: the blobs (config, layer
 * tars by DiffID, manifests and the blobs they list) in the {@link ContentStore}, and the
 * unpacked layers (by chain id) in the {@link OverlaySnapshotter}. Something goes once no image
 * references it and no {@link ResourceLease} holds it.
 */
public final class ImageResources {
  private final ContentStore content;
  private final OverlaySnapshotter snapshots;
  private final Set<ResourceLease> leases = ConcurrentHashMap.newKeySet();

  /** Resources kept in {@code content} and {@code snapshots}. */
  public ImageResources(ContentStore content, OverlaySnapshotter snapshots) {
    this.content = content;
    this.snapshots = snapshots;
  }

  /** The blob store. */
  public ContentStore content() {
    return content;
  }

  /** The unpacked layers. */
  public OverlaySnapshotter snapshots() {
    return snapshots;
  }

  /** Starts holding resources for an operation that has not stored its image yet. */
  public ResourceLease lease() {
    return new ResourceLease(leases);
  }

  /** What a removal freed: the unpacked layers (chain ids) and the bytes they held unpacked. */
  public record Released(List<Digest> chainIds, long bytes) {}

  /** Deletes every blob and layer no image in {@code images} references (run at start). */
  void collectGarbage(List<Image> images) throws IOException {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> chains = new HashSet<>();
    for (Image image : images) {
      blobs.addAll(blobsOf(image));
      chains.addAll(ChainIds.of(image.diffIds()));
    }
    for (Digest blob : content.list()) {
      if (!blobs.contains(blob) && !leasedBlob(blob)) {
        content.delete(blob);
      }
    }
    for (Digest chainId : snapshots.layers()) {
      if (!chains.contains(chainId) && !leasedChain(chainId)) {
        removeLayerQuietly(chainId);
      }
    }
  }

  /** After {@code removed} left the index: deletes its blobs and layers that none of {@code remaining} uses. */
  Released release(Image removed, List<Image> remaining) throws IOException {
    Set<Digest> blobs = blobsOf(removed);
    List<Digest> chains = new ArrayList<>(ChainIds.of(removed.diffIds()));
    for (Image image : remaining) {
      blobs.removeAll(blobsOf(image));
      chains.removeAll(ChainIds.of(image.diffIds()));
    }
    for (Digest blob : blobs) {
      if (!leasedBlob(blob)) {
        content.delete(blob);
      }
    }
    List<Digest> allChains = ChainIds.of(removed.diffIds());
    List<Digest> released = new ArrayList<>();
    long bytes = 0;
    for (int i = allChains.size() - 1; i >= 0; i--) { // top first, as Docker reports them
      Digest chainId = allChains.get(i);
      if (chains.contains(chainId) && !leasedChain(chainId)) {
        removeLayerQuietly(chainId);
        released.add(chainId);
        bytes += removed.layerSizes().get(i);
      }
    }
    return new Released(released, bytes);
  }

  private void removeLayerQuietly(Digest chainId) {
    try {
      snapshots.removeLayer(chainId);
    } catch (IOException inUse) {
      // an active snapshot still stacks it (a container made with force-removed image): the
      // next start's collection takes it once that container is gone
    }
  }

  private boolean leasedBlob(Digest blob) {
    return leases.stream().anyMatch(lease -> lease.holdsBlob(blob));
  }

  private boolean leasedChain(Digest chainId) {
    return leases.stream().anyMatch(lease -> lease.holdsChainId(chainId));
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

  /** Deletes the blobs and layers {@code lease} holds that none of {@code images} references. */
  void discard(ResourceLease lease, List<Image> images) throws IOException {
    Set<Digest> blobs = new HashSet<>();
    Set<Digest> chains = new HashSet<>();
    for (Image image : images) {
      blobs.addAll(blobsOf(image));
      chains.addAll(ChainIds.of(image.diffIds()));
    }
    for (Digest blob : lease.blobs()) {
      if (!blobs.contains(blob) && leases.stream().noneMatch(other -> other != lease && other.holdsBlob(blob))) {
        content.delete(blob);
      }
    }
    for (Digest chainId : lease.chainIds()) {
      if (!chains.contains(chainId) && leases.stream().noneMatch(o -> o != lease && o.holdsChainId(chainId))) {
        removeLayerQuietly(chainId);
      }
    }
  }
}
