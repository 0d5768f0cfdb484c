package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /containers/{id}/pause}: {@code docker pause}, the cgroup freezer through runc; 204,
 * 409 "Container … is not running" or "Container … is already paused".
 */
public final class PauseContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Pauses containers of {@code containers}. */
  public PauseContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    ContainerErrors.on(() -> containers.pause(pathVariables.get("id")));
    JsonReply.empty(response, 204);
  }
}
