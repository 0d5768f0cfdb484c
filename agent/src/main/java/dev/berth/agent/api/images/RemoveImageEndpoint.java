package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.ImageDeleteItem;
import dev.berth.agent.image.ImageService;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code DELETE /images/{name}?force=&noprune=}: {@code docker rmi} of one name; 409 with dockerd's words on conflict. */
public final class RemoveImageEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Removes images of {@code images}. */
  public RemoveImageEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    List<ImageDeleteItem> removed = ImageErrors.onImage(name,
        () -> images.remove(name, request.queryFlag("force"), request.queryFlag("noprune")));
    JsonReply.send(response, 200, removed);
  }
}
