package dev.berth.control.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The registry's blob store, under {@code $BERTH_DATA/registry}. */
@ApplicationScoped
class BlobStoreProducer {
  @ConfigProperty(name = "berth.data") String data;

  @Produces
  @ApplicationScoped
  BlobStore blobStore() {
    return new BlobStore(Path.of(data, "registry"));
  }
}
