package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/**
 * {@code DELETE /containers/{id}?force=&v=}: {@code docker rm}; 204, 409 for a running one unless
 * forced. {@code v} removes its anonymous volumes too (not named ones, nor those another container uses).
 */
public final class RemoveContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Removes containers of {@code containers}. */
  public RemoveContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    boolean force = request.queryFlag("force");
    boolean volumes = request.queryFlag("v");
    ContainerErrors.on(() -> {
      containers.delete(pathVariables.get("id"), force, volumes);
      return null;
    });
    JsonReply.empty(response, 204);
  }
}
