package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.containerfs.ContainerDiff;
import dev.berth.agent.layer.Change;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /containers/{id}/changes}: {@code docker diff}, {@code [{"Path": "/etc", "Kind": 0}, …]}
 * with Kind 0 changed, 1 added, 2 deleted, in walk order; {@code null} when nothing changed, as
 * dockerd answers.
 */
public final class ContainerChangesEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Diffs containers of {@code containers}. */
  public ContainerChangesEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    List<Change> changes = ContainerErrors.on(() -> ContainerDiff.of(containers.filesystem(pathVariables.get("id"))));
    if (changes.isEmpty()) {
      JsonReply.send(response, 200, NullNode.getInstance());
      return;
    }
    ArrayNode rows = JsonReply.mapper().createArrayNode();
    for (Change change : changes) {
      rows.addObject().put("Path", change.path()).put("Kind", change.kind().code());
    }
    JsonReply.send(response, 200, rows);
  }
}
