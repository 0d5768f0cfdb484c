package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs and snapshots an unfinished load or import has written and no image references yet:
 * removals running meanwhile leave them alone. Close it once the image is in the store (or
 * the operation failed: then the next removal or start deletes what it held).
 */
public final class ResourceLease implements AutoCloseable {
  private final Set<ResourceLease> owner;
  private final Set<Digest> blobs = ConcurrentHashMap.newKeySet();
  private final Set<Digest> chainIds = ConcurrentHashMap.newKeySet();

  ResourceLease(Set<ResourceLease> owner) {
    this.owner = owner;
    owner.add(this);
  }

  /** Holds a blob about to be written. */
  public void holdBlob(Digest digest) {
    blobs.add(digest);
  }

  /** Holds a snapshot layer about to be made. */
  public void holdChainId(Digest chainId) {
    chainIds.add(chainId);
  }

  Set<Digest> blobs() {
    return Set.copyOf(blobs);
  }

  Set<Digest> chainIds() {
    return Set.copyOf(chainIds);
  }

  boolean holdsBlob(Digest digest) {
    return blobs.contains(digest);
  }

  boolean holdsChainId(Digest chainId) {
    return chainIds.contains(chainId);
  }

  /** Releases everything held. */
  @Override
  public void close() {
    owner.remove(this);
  }
}
