package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
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
import java.util.Map;

/**
 * {@code POST /images/{name}/push?tag=}: {@code docker push} to the registry the name starts
 * with, using {@code X-Registry-Auth}. Answers dockerd's progress messages; a failure is an error
 * message in the stream, which makes the CLI exit non-zero.
 */
public final class PushImageEndpoint implements DockerEndpoint {
  private final ImageService images;
  private final RegistryAccess registries;

  /** Pushes images of {@code images} through {@code registries}. */
  public PushImageEndpoint(ImageService images, RegistryAccess registries) {
    this.images = images;
    this.registries = registries;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    String tag = request.queryParam("tag").orElse("");
    Reference reference;
    try {
      reference = Reference.parse(tag.isEmpty() ? name : name + ":" + tag).withDefaultTag();
    } catch (IllegalArgumentException e) {
      throw new DockerApiException(400, "invalid reference format: " + e.getMessage());
    }
    images.store().resolve(reference.toString()); // 404 before the stream starts, as dockerd
    Optional<RegistryCredentials> credentials = RegistryTransfer.credentials(request);
    StreamedBody body = new StreamedBody(response, 200, "application/json");
    JsonMessageStream messages = new JsonMessageStream(body);
    try {
      images.push(reference, registries.client(reference.domain(), credentials), RegistryTransfer.progressOn(messages));
    } catch (IOException | RuntimeException e) {
      messages.error(e.getMessage());
    }
    body.close();
  }
}
