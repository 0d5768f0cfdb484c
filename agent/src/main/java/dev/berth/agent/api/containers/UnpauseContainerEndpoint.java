package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /containers/{id}/unpause}: {@code docker unpause}; 204, or "Container … is not
 * paused" with the 500 dockerd answers it with (a plain error there, not a conflict).
 */
public final class UnpauseContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Unpauses containers of {@code containers}. */
  public UnpauseContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ContainerErrors.on(() -> containers.unpause(pathVariables.get("id")));
    JsonReply.empty(response, 204);
  }
}
