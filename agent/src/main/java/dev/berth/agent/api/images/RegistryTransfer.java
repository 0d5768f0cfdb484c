package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.JsonMessageStream;
import dev.berth.agent.image.TransferProgress;
import dev.berth.agent.registry.RegistryCredentials;
import java.io.IOException;
import java.util.Optional;

/** What pull and push share: the credentials of {@code X-Registry-Auth}, and progress as JSON messages. */
final class RegistryTransfer {
  private RegistryTransfer() {}

  /** The credentials the client sent, if any; 400 (before anything starts) if the header is malformed. */
  static Optional<RegistryCredentials> credentials(DockerRequest request) {
    try {
      return RegistryCredentials.fromHeader(request.header("X-Registry-Auth").orElse(null));
    } catch (IllegalArgumentException e) {
      throw new DockerApiException(400, e.getMessage());
    }
  }

  /** Progress reported as dockerd's JSON messages on {@code messages}. */
  static TransferProgress progressOn(JsonMessageStream messages) {
    return new TransferProgress() {
      @Override
      public void status(String id, String status) throws IOException {
        messages.status(id, status);
      }

      @Override
      public void progress(String id, String status, long current, long total) throws IOException {
        messages.progress(id, status, current, total);
      }
    };
  }
}
