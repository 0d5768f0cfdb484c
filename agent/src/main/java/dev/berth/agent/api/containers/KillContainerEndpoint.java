package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/** {@code POST /containers/{id}/kill?signal=}: 204; 409 when it is not running, in dockerd's words. */
public final class KillContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Signals containers of {@code containers}. */
  public KillContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    Container container = ContainerErrors.on(() -> containers.get(id));
    if (!container.isActive()) {
      throw new DockerApiException(409, "cannot kill container: " + id + ": container " + container.id()
          + " is not running");
    }
    String signal = request.queryParam("signal").orElse("");
    ContainerErrors.on(() -> containers.kill(container.id(), signal.startsWith("SIG") ? signal.substring(3) : signal));
    JsonReply.empty(response, 204);
  }
}
