package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.ImageFilters;
import dev.berth.agent.image.ImageService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /images/json}: {@code all} (intermediate images too), {@code filters} (dangling,
 * reference, label, before, since). {@code digests} only changes what the CLI prints: RepoDigests
 * are always there.
 */
public final class ListImagesEndpoint implements DockerEndpoint {
  private static final Set<String> FILTERS = Set.of("dangling", "reference", "label", "before", "since");

  private final ImageService images;

  /** Lists the images of {@code images}. */
  public ListImagesEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    Map<String, List<String>> filters = new LinkedHashMap<>(DockerFilters.of(request).accepting(FILTERS).values());
    List<String> dangling = filters.get("dangling");
    if (dangling != null) {
      // dockerd: "true" anywhere means dangling only, else "false" must be there.
      if (!dangling.contains("true") && !dangling.contains("false")) {
        throw new DockerApiException(400, "invalid filter 'dangling=[" + String.join(" ", dangling) + "]'");
      }
      filters.put("dangling", List.of(Boolean.toString(dangling.contains("true"))));
    }
    try {
      JsonReply.send(response, 200,
          ImageListJson.of(images.list(ImageFilters.of(filters, request.queryFlag("all")))));
    } catch (IOException | RuntimeException e) {
      throw ImageErrors.of(e, null);
    }
  }
}
