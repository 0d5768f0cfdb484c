package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.ImageDetails;
import dev.berth.agent.image.ImageService;
import java.io.IOException;
import java.util.Map;

/** {@code GET /images/{name}/json}: {@code docker image inspect}, in the shape of {@link ImageInspectJson}. */
public final class InspectImageEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Inspects the images of {@code images}. */
  public InspectImageEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    ImageDetails details = ImageErrors.onImage(name, () -> images.inspect(name));
    JsonReply.send(response, 200, ImageInspectJson.of(details,
        images.store().resources().snapshots()::layerPath));
  }
}
