package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.StreamedBody;
import dev.berth.agent.image.ImageNotFoundException;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /images/get?names=…} and {@code GET /images/{name}/get}: {@code docker save}, a
 * docker-archive streamed as {@code application/x-tar}. Every name is resolved before the first
 * byte, so a missing image is a plain 404.
 */
public final class SaveImagesEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Saves images of {@code images}. */
  public SaveImagesEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    List<String> names = pathVariables.containsKey("name") ? List.of(pathVariables.get("name"))
        : request.query().getOrDefault("names", List.of());
    for (String name : names) {
      ImageNames.check(name);
      try {
        images.store().resolve(name);
      } catch (ImageNotFoundException e) {
        throw new DockerApiException(404, missing(name));
      }
    }
    StreamedBody body = new StreamedBody(response, 200, "application/x-tar");
    try {
      images.save(names, body);
    } catch (IOException | RuntimeException e) {
      if (!body.started()) {
        throw ImageErrors.of(e, null);
      }
      throw e; // too late for an answer: the router ends the stream short
    }
    body.close();
  }

  /** dockerd's words: a missing {@code name:tag} "does not exist"; anything else is "No such image". */
  private static String missing(String name) {
    if (!name.startsWith("sha256:") && !name.matches("[a-f0-9]{64}")) {
      Reference reference = Reference.parse(name);
      if (reference.tag().isPresent() || reference.digest().isPresent()) {
        return "reference does not exist";
      }
    }
    return "No such image: " + name;
  }
}
