package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStatus;
import java.io.IOException;
import java.util.Map;

/** {@code POST /containers/{id}/start}: 204; 304 when it runs already (or waits to be restarted); 409 when it is paused, as dockerd. */
public final class StartContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Starts containers of {@code containers}. */
  public StartContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    Container container = ContainerErrors.on(() -> containers.get(id));
    if (container.status() == ContainerStatus.PAUSED) {
      throw new DockerApiException(409, "cannot start a paused container, try unpause instead");
    }
    if (container.isActive()) {
      JsonReply.empty(response, 304);
      return;
    }
    ContainerErrors.on(() -> containers.start(container.id()));
    JsonReply.empty(response, 204);
  }
}
