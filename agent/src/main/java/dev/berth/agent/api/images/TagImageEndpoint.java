package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.InvalidReferenceException;
import dev.berth.agent.image.Reference;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code POST /images/{name}/tag?repo=&tag=}: {@code docker tag}; 201 with no body. */
public final class TagImageEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Tags images of {@code images}. */
  public TagImageEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    Reference target;
    try {
      target = RepoTag.of(request.queryParam("repo").orElse(""), request.queryParam("tag").orElse(""))
          .orElseThrow(() -> new InvalidReferenceException("repository name must have at least one component"));
    } catch (InvalidReferenceException e) {
      throw new DockerApiException(400, e.getMessage());
    }
    if (target.familiarName().equals("sha256")) {
      throw new DockerApiException(400, "refusing to create an ambiguous tag using digest algorithm as name");
    }
    ImageErrors.onImage(name, () -> {
      images.tag(name, target);
      return target;
    });
    response.head(201, Map.of("Content-Length", List.of("0")));
    response.body().close();
  }
}
