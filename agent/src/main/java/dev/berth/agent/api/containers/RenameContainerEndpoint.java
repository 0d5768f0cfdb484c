package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.Map;

/** {@code POST /containers/{id}/rename?name=}: 204; 409 when the name is taken, 400 when it is invalid. */
public final class RenameContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Renames containers of {@code containers}. */
  public RenameContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = request.queryParam("name").orElse("");
    if (name.isEmpty()) {
      throw new DockerApiException(400, "Neither old nor new names may be empty");
    }
    ContainerErrors.on(() -> containers.rename(pathVariables.get("id"), name));
    JsonReply.empty(response, 204);
  }
}
