package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonMessageStream;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.registry.RegistryCredentials;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code POST /images/create?fromImage=&tag=}: {@code docker pull}, with the credentials of
 * {@code X-Registry-Auth}. Answers dockerd's progress messages, ending in
 * {@code Status: Downloaded newer image for …}; a failure after the first message is an error
 * message in the stream.
 */
final class PullImageEndpoint {
  private final ImageService images;
  private final RegistryAccess registries;

  PullImageEndpoint(ImageService images, RegistryAccess registries) {
    this.images = images;
    this.registries = registries;
  }

  void handle(DockerRequest request, DockerResponse response) throws IOException {
    String from = request.queryParam("fromImage").orElse("");
    String tag = request.queryParam("tag").orElse("");
    Reference reference;
    try {
      reference = Reference.parse(tag.isEmpty() ? from : tag.startsWith("sha256:") ? from + "@" + tag : from + ":" + tag)
          .withDefaultTag();
    } catch (IllegalArgumentException e) {
      throw new DockerApiException(400, "invalid reference format: " + e.getMessage());
    }
    Optional<RegistryCredentials> credentials = RegistryTransfer.credentials(request);
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    JsonMessageStream messages = new JsonMessageStream(body);
    try {
      images.pull(reference, registries.client(reference.domain(), credentials), RegistryTransfer.progressOn(messages));
      messages.status("Status: Downloaded newer image for " + reference.familiar());
    } catch (IOException | RuntimeException e) {
      messages.error(e.getMessage());
    }
    body.close();
  }
}
