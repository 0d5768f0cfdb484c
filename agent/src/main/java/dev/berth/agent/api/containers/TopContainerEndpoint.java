package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.agent.runtime.ContainerTop;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /containers/{id}/top?ps_args=}: {@code docker top}, the rows of the host's ps (default
 * {@code -ef}) for the processes of the container's cgroup:
 * {@code {"Titles": [...], "Processes": [[...], ...]}}; 409 when it is not running.
 */
public final class TopContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Lists processes of {@code containers}. */
  public TopContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String psArgs = request.queryParam("ps_args").filter(a -> !a.isEmpty()).orElse("-ef");
    ContainerErrors.on(() -> {
      ContainerTop.checkArgs(psArgs);
      return null;
    });
    Container container = ContainerErrors.on(() -> containers.get(pathVariables.get("id")));
    if (container.status() == ContainerStatus.RESTARTING) {
      throw new DockerApiException(409, ContainerConflictException.restarting(container.id()));
    }
    if (!container.isRunning()) {
      throw new DockerApiException(409, "Container " + container.id() + " is not running");
    }
    ContainerTop top = ContainerErrors.on(() -> ContainerTop.of(containers.cgroup(container).processes(), psArgs));
    ObjectNode json = JsonReply.object();
    json.set("Titles", JsonReply.mapper().valueToTree(top.titles()));
    json.set("Processes", top.processes().isEmpty() ? null : JsonReply.mapper().valueToTree(top.processes()));
    JsonReply.send(response, 200, json);
  }
}
