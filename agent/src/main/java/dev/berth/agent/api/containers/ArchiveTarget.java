package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerRequest;
import java.util.Map;

/**
 * The container and path an archive request names ({@code /containers/{id}/archive?path=}), as
 * dockerd's {@code ArchiveFormValues} reads them, and its "not found" answer.
 *
 * @param container the container as the request names it
 * @param path the path in the container, as given
 */
record ArchiveTarget(String container, String path) {
  /** Reads the request; 400 when {@code path} is missing. */
  static ArchiveTarget of(DockerRequest request, Map<String, String> pathVariables) {
    String path = request.queryParam("path").orElse("");
    if (path.isEmpty()) {
      throw new DockerApiException(400, "bad parameter: path cannot be empty");
    }
    return new ArchiveTarget(pathVariables.get("id"), path);
  }

  /** dockerd's 404 for a path that is not in the container. */
  DockerApiException notFound() {
    return new DockerApiException(404, "Could not find the file " + path + " in container " + container);
  }
}
