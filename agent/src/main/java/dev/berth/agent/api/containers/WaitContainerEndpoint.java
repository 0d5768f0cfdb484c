package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.WaitCondition;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /containers/{id}/wait?condition=not-running|next-exit|removed}: the head goes out at
 * once (the CLI starts the container only after it has it, as with dockerd), the body
 * {@code {"StatusCode": n, "Error": null}} when the condition is met.
 */
public final class WaitContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Waits for containers of {@code containers}. */
  public WaitContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    WaitCondition condition = ContainerErrors.on(() -> WaitCondition.of(request.queryParam("condition").orElse("")));
    Container container = ContainerErrors.on(() -> containers.get(pathVariables.get("id")));
    response.head(200, Map.of("Content-Type", List.of("application/json")));
    try (OutputStream body = response.body()) {
      body.flush();
      int code = containers.await(container.id(), condition);
      body.write(JsonReply.mapper().writeValueAsBytes(
          JsonReply.object().put("StatusCode", code).putNull("Error")));
      body.write('\n');
    }
  }
}
