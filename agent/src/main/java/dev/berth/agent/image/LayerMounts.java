package dev.berth.agent.image;

import dev.berth.agent.content.Digest;
import dev.berth.agent.registry.BlobSources;
import dev.berth.agent.registry.RegistryClient;
import dev.berth.agent.registry.RegistryError;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Cross-repository mounts for a push, as dockerd does them: a layer the target repository lacks
 * is asked for from the repositories of the same registry known to hold it ({@link BlobSources}),
 * at most {@value #ATTEMPTS} of them. A registry that cannot mount starts an upload session
 * instead, which the push uses (the sessions of earlier failed attempts are cancelled); a
 * repository whose mount request is refused outright (other than for authentication) is forgotten.
 */
final class LayerMounts {
  /** How many source repositories are tried per layer (dockerd's {@code maxMountAttempts}). */
  static final int ATTEMPTS = 3;

  private final BlobSources sources;

  LayerMounts(BlobSources sources) {
    this.sources = sources;
  }

  /** How a mount attempt ended: mounted from a repository, or not (with the upload session it left, if any). */
  record Outcome(Optional<String> mountedFrom, Optional<URI> upload) {}

  /** Tries to mount {@code digest} into {@code repository} of the registry {@code domain}. */
  Outcome mount(RegistryClient registry, String domain, String repository, Digest digest) throws IOException {
    List<String> candidates = sources.repositories(domain, digest).stream()
        .filter(from -> !from.equals(repository)).limit(ATTEMPTS).toList();
    Optional<URI> upload = Optional.empty();
    for (String from : candidates) {
      upload.ifPresent(session -> registry.cancelUpload(repository, session));
      upload = Optional.empty();
      RegistryClient.Mount mount;
      try {
        mount = registry.mountBlob(repository, digest, from);
      } catch (RegistryError refused) {
        if (refused.status() == 401) {
          throw refused; // these credentials will not start an upload either
        }
        sources.forget(domain, from, digest);
        continue;
      }
      if (mount.mounted()) {
        return new Outcome(Optional.of(from), Optional.empty());
      }
      upload = mount.upload();
    }
    return new Outcome(Optional.empty(), upload);
  }
}
