package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.util.Map;

/** {@code GET /containers/{id}/json?size=}: {@code docker inspect}. */
public final class InspectContainerEndpoint implements DockerEndpoint {
  private final ContainerViews views;

  InspectContainerEndpoint(ContainerViews views) {
    this.views = views;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    Container container = ContainerErrors.on(() -> views.containers().get(pathVariables.get("id")));
    JsonReply.send(response, 200, ContainerErrors.on(
        () -> ContainerInspectJson.of(container, views, request.queryFlag("size"))));
  }
}
