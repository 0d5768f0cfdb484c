package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** {@code POST /containers/{id}/restart?t=}: stop (when running), then start; 204. */
public final class RestartContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Restarts containers of {@code containers}. */
  public RestartContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    Duration timeout = StopContainerEndpoint.timeout(request);
    ContainerErrors.on(() -> containers.restart(id, timeout));
    JsonReply.empty(response, 204);
  }
}
