package dev.berth.control.registry;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mark and sweep of the registry's blobs, safe while clients push. A blob is deleted only if no
 * manifest refers to it and it was not used (committed, mounted, or checked by a client with
 * {@code HEAD}) for a grace period. Uploads in progress are files apart from the blobs: the
 * collection only deletes those no client used for {@code berth.registry.uploads.expire} (by
 * default a day), which clients abandoned (see {@link BlobStore#expireUploads}). The sweep holds
 * the collection lock exclusively (see {@link RegistryMetadata}), so a manifest push either
 * finishes recording its references before the sweep looks, or waits and then finds its blobs
 * stored or reports them unknown; it never stores a manifest whose blobs are gone. A blob a
 * client touches just as the sweep takes it is put back (see {@link BlobStore}).
 * Runs on {@code POST /api/v1/registry/gc} and every {@code berth.registry.gc.every}.
 */
@ApplicationScoped
public class GarbageCollector {
  private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
  @Inject RegistryMetadata metadata;
  @Inject BlobStore blobs;
  @ConfigProperty(name = "berth.registry.gc.grace", defaultValue = "PT1H") Duration defaultGrace;
  @ConfigProperty(name = "berth.registry.gc.untagged", defaultValue = "false") boolean defaultUntagged;
  @ConfigProperty(name = "berth.registry.uploads.expire", defaultValue = "PT24H") Duration uploadsExpire;

  /** What a collection did. */
  public record Report(int manifestsDeleted, int blobsDeleted, long bytesFreed, int blobsReferenced,
      int blobsInGracePeriod, int uploadsExpired, long millis) {}

  /** The periodic run, with the configured grace period. */
  @Scheduled(every = "${berth.registry.gc.every:6h}", delayed = "10m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void periodically() {
    Report report = collect(defaultGrace, defaultUntagged);
    if (report.blobsDeleted() > 0 || report.manifestsDeleted() > 0 || report.uploadsExpired() > 0) {
      LOG.infof("registry garbage collection: %s", report);
    }
  }

  /** The configured grace period. */
  public Duration defaultGrace() {
    return defaultGrace;
  }

  /**
   * Deletes the blobs no manifest refers to that were not used for {@code grace}; with
   * {@code untagged}, first the manifests no tag or other manifest refers to, created before that.
   * Then the uploads unused for {@code berth.registry.uploads.expire}.
   */
  public Report collect(Duration grace, boolean untagged) {
    long started = System.nanoTime();
    return QuarkusTransaction.requiringNew().timeout(3600).call(() -> {
      metadata.lockForCollection();
      Instant cutoff = Instant.now().minus(grace);
      int manifests = untagged ? metadata.deleteUntaggedManifests(cutoff) : 0;
      Set<String> referenced = metadata.referencedDigests();
      int deleted = 0;
      int kept = 0;
      int recent = 0;
      long freed = 0;
      for (String digest : blobs.list()) {
        if (referenced.contains(digest)) {
          kept++;
        } else if (blobs.lastUsed(digest).map(used -> used.isAfter(cutoff)).orElse(true)) {
          recent++;
        } else {
          long size = sweep(digest, cutoff);
          if (size >= 0) {
            deleted++;
            freed += size;
          } else {
            recent++;
          }
        }
      }
      int expired = blobs.expireUploads(Instant.now().minus(uploadsExpire));
      return new Report(manifests, deleted, freed, kept, recent, expired, (System.nanoTime() - started) / 1_000_000);
    });
  }

  /** Deletes an unreferenced blob unless it was used after {@code cutoff}; its size, or -1 if kept. */
  private long sweep(String digest, Instant cutoff) {
    try {
      Optional<Instant> used = blobs.setAside(digest);
      if (used.isEmpty()) {
        return -1;
      }
      if (used.get().isAfter(cutoff)) {
        blobs.restore(digest);
        return -1;
      }
      return blobs.discard(digest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot collect blob " + digest, e);
    }
  }
}
