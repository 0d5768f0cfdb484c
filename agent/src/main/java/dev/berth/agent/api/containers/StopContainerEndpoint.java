package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** {@code POST /containers/{id}/stop?t=&signal=}: its stop signal, SIGKILL after t seconds; 204, or 304 when not running. */
public final class StopContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Stops containers of {@code containers}. */
  public StopContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String id = pathVariables.get("id");
    Container container = ContainerErrors.on(() -> containers.get(id));
    if (!container.isActive()) {
      JsonReply.empty(response, 304);
      return;
    }
    Duration timeout = timeout(request);
    ContainerErrors.on(() -> containers.stop(container.id(), timeout));
    JsonReply.empty(response, 204);
  }

  /** The {@code t} parameter (seconds; negative: wait for ever), or null for the container's own stop timeout. */
  static Duration timeout(DockerRequest request) {
    String t = request.queryParam("t").orElse("");
    if (t.isEmpty()) {
      return null;
    }
    try {
      int seconds = Integer.parseInt(t);
      return seconds < 0 ? Duration.ofDays(365) : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new dev.berth.agent.api.DockerApiException(400, "invalid value for t: " + t);
    }
  }
}
