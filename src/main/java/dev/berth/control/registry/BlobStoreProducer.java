package dev.berth.control.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The registry's blob store in {@code berth.registry.dir} ({@code BERTH_REGISTRY_DIR}, by default
 * {@code $BERTH_DATA/registry}): control-plane replicas share one directory.
 */
@ApplicationScoped
class BlobStoreProducer {
  @ConfigProperty(name = "berth.registry.dir") String directory;

  @Produces
  @ApplicationScoped
  BlobStore blobStore() {
    return new BlobStore(Path.of(directory));
  }
}
