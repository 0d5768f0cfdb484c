package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ResourceUpdate;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /containers/{id}/update}: {@code docker update}, new cgroup limits applied live (runc
 * update) and kept for the next start, and a new restart policy; 200 {@code {"Warnings": []}}.
 * Refusals as dockerd's: 400 for a bad request, 409 for one that conflicts with the limits set.
 */
public final class UpdateContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Updates containers of {@code containers}. */
  public UpdateContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonBody();
    JsonNode config = body == null || body.isMissingNode() ? JsonReply.object() : body;
    if (!config.isObject()) {
      throw new DockerApiException(400, "invalid JSON: the update must be an object");
    }
    ResourceUpdate update = ContainerErrors.on(() -> UpdateRequest.of(config));
    ContainerErrors.on(() -> containers.update(pathVariables.get("id"), update));
    JsonReply.send(response, 200, JsonReply.object().set("Warnings", JsonReply.mapper().createArrayNode()));
  }
}
