package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/** {@code POST /containers/{id}/resize?h=&w=}: the terminal of a {@code -t} container takes the client's size. */
public final class ResizeContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Resizes the terminals of {@code containers}. */
  public ResizeContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    int rows = dimension(request, "h");
    int columns = dimension(request, "w");
    ContainerErrors.on(() -> {
      containers.resize(pathVariables.get("id"), rows, columns);
      return null;
    });
    JsonReply.empty(response, 200);
  }

  /** The terminal dimension in query parameter {@code name}, checked as dockerd checks it. */
  static int dimension(DockerRequest request, String name) {
    String value = request.queryParam(name).orElse("");
    try {
      int size = Integer.parseInt(value);
      if (size < 0 || size > 65535) {
        throw new NumberFormatException();
      }
      return size;
    } catch (NumberFormatException e) {
      throw new DockerApiException(400, "invalid resize height or width: " + name + "=" + value);
    }
  }
}
