package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image as the store knows it. Its id is the digest of its config blob, as in Docker; the
 * config itself (env, cmd, labels, history…) is read from that blob.
 *
 * @param id the config digest, which is the image id
 * @param diffIds the layers' DiffIDs (digests of the uncompressed tars), bottom first
 * @param layerSizes bytes each layer takes unpacked, parallel to {@code diffIds}
 * @param manifests digests of stored manifests describing this image (may be empty)
 * @param parent the image this one was built on (classic build), or null
 * @param created when the image was created, from its config (EPOCH when unknown)
 */
public record Image(Digest id, List<Digest> diffIds, List<Long> layerSizes, List<Digest> manifests,
    Digest parent, Instant created) {

  /** Checks the parts and copies the lists. */
  public Image {
    Objects.requireNonNull(id, "id");
    diffIds = List.copyOf(diffIds);
    layerSizes = List.copyOf(layerSizes);
    manifests = List.copyOf(manifests);
    created = created == null ? Instant.EPOCH : created;
    if (layerSizes.size() != diffIds.size()) {
      throw new IllegalArgumentException("one size per layer needed: " + diffIds.size() + " layers, "
          + layerSizes.size() + " sizes");
    }
  }

  /** The digest of the config blob (the same as the id). */
  public Digest configDigest() {
    return id;
  }

  /** The image this one was built on, if any. */
  public Optional<Digest> parentId() {
    return Optional.ofNullable(parent);
  }

  /** Bytes all layers take unpacked: Docker's image size. */
  public long size() {
    return layerSizes.stream().mapToLong(Long::longValue).sum();
  }

  /** This image also described by {@code manifest}. */
  public Image withManifest(Digest manifest) {
    if (manifests.contains(manifest)) {
      return this;
    }
    List<Digest> more = new java.util.ArrayList<>(manifests);
    more.add(manifest);
    return new Image(id, diffIds, layerSizes, more, parent, created);
  }
}
