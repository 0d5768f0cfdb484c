package dev.berth.agent.image;

import dev.berth.agent.content.ContentStore;
import dev.berth.agent.content.Digest;
import dev.berth.agent.content.DigestMismatchException;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.layer.AppliedLayer;
import dev.berth.agent.layer.Compression;
import dev.berth.agent.layer.LayerApplier;
import dev.berth.agent.snapshot.ChainIds;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings an image's parts into storage, verified, before the image exists: layer tars into the
 * content store (uncompressed, so a layer blob's digest is its DiffID), then each layer
 * unpacked once into the snapshotter, and last the config and the image itself. Everything
 * written is held by the caller's lease until the image is stored.
 */
final class ImageIngester {
  private final ImageStore store;
  private final LayerApplier applier = new LayerApplier();

  ImageIngester(ImageStore store) {
    this.store = store;
  }

  /** Refuses more layers than overlayfs can stack (Docker's limit too). */
  static void checkDepth(int layers) throws IOException {
    if (layers > OverlaySnapshotter.MAX_LAYERS) {
      throw new IOException("image has " + layers + " layers: more than the maximum of "
          + OverlaySnapshotter.MAX_LAYERS + " layers");
    }
  }

  /**
   * Stores a layer read from {@code raw} (any compression). {@code blobDigest}, when known, is
   * what the raw bytes must hash to; {@code diffId}, when known, what the uncompressed tar must.
   * Returns the DiffID.
   */
  Digest storeLayer(InputStream raw, Digest blobDigest, Digest diffId, ResourceLease lease) throws IOException {
    ContentStore content = store.content();
    if (diffId != null) {
      lease.holdBlob(diffId);
    }
    MessageDigest rawHash = Digest.newSha256();
    DigestInputStream hashed = new DigestInputStream(raw, rawHash);
    Digest stored;
    try (InputStream plain = Compression.decompress(new NonClosing(hashed))) {
      stored = content.write(plain, diffId, -1);
    } catch (DigestMismatchException e) {
      throw new DigestMismatchException("layer does not match its DiffID " + diffId + ": " + e.getMessage());
    }
    lease.holdBlob(stored);
    hashed.transferTo(java.io.OutputStream.nullOutputStream()); // whatever follows the compressed end
    if (blobDigest != null && !Digest.fromHash(rawHash.digest()).equals(blobDigest)) {
      throw new DigestMismatchException("layer blob does not match its digest " + blobDigest);
    }
    return stored;
  }

  /**
   * Stores an uncompressed layer tar that was spooled to {@code file} on the store's file system,
   * by moving it into the content store once it hashes to {@code diffId} (no copy). The spool
   * loses the file.
   */
  void adoptLayer(Path file, Digest diffId, ResourceLease lease) throws IOException {
    lease.holdBlob(diffId);
    if (!store.content().contains(diffId)) {
      try {
        store.content().adopt(file, diffId);
      } catch (DigestMismatchException e) {
        throw new DigestMismatchException("layer does not match its DiffID " + diffId + ": " + e.getMessage());
      }
    }
  }

  /** Unpacks each layer (stored by {@link #storeLayer}) unless already unpacked; returns their sizes. */
  List<Long> unpack(List<Digest> diffIds, ResourceLease lease) throws IOException {
    OverlaySnapshotter snapshots = store.resources().snapshots();
    List<Digest> chainIds = ChainIds.of(diffIds);
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < chainIds.size(); i++) {
      Digest chainId = chainIds.get(i);
      Digest diffId = diffIds.get(i);
      lease.holdChainId(chainId);
      snapshots.ensureLayer(chainId, target -> {
        try (InputStream layer = store.content().open(diffId)) {
          AppliedLayer applied = applier.apply(layer, target);
          if (!applied.diffId().equals(diffId)) {
            throw new DigestMismatchException("layer " + diffId + " unpacked with DiffID " + applied.diffId());
          }
        }
      });
      sizes.add(snapshots.layerSize(chainId));
    }
    return sizes;
  }

  /**
   * Stores {@code config} (whose layers, {@code diffIds}, are stored and unpacked) and the image it
   * makes, named by {@code tag} if given, then releases {@code lease}; returns the image.
   */
  Image storeImage(ImageConfig config, List<Digest> diffIds, List<Long> sizes, Digest parent, Instant created,
      Optional<Reference> tag, ResourceLease lease) throws IOException {
    byte[] configBytes = ImageJson.write(config);
    lease.holdBlob(Digest.of(configBytes));
    Digest id = store.content().write(configBytes);
    Image image = new Image(id, diffIds, sizes, List.of(), parent, created);
    store.put(image, tag.map(List::of).orElse(List.of()));
    lease.close();
    return image;
  }

  /** Lets a decompressor close its stream without closing the one underneath. */
  private static final class NonClosing extends java.io.FilterInputStream {
    NonClosing(InputStream in) {
      super(in);
    }

    @Override
    public void close() {}
  }
}
