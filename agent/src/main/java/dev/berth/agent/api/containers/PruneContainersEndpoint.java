package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerNotFoundException;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** {@code POST /containers/prune?filters=label=…}: removes every container that does not run; reports ids and bytes freed. */
public final class PruneContainersEndpoint implements DockerEndpoint {
  private final ContainerViews views;

  PruneContainersEndpoint(ContainerViews views) {
    this.views = views;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request).accepting(Set.of("label"));
    var accept = ContainerFilters.of(filters, views);
    ArrayNode deleted = JsonReply.mapper().createArrayNode();
    long reclaimed = 0;
    for (Container container : ContainerErrors.on(() -> views.containers().list())) {
      if (container.isActive() || !accept.test(container)) {
        continue;
      }
      long size = ContainerErrors.on(() -> views.sizeRw(container));
      try {
        views.containers().delete(container.id(), false);
      } catch (ContainerNotFoundException gone) {
        continue;
      } catch (IOException | RuntimeException e) {
        throw ContainerErrors.of(e, null);
      }
      deleted.add(container.id());
      reclaimed += size;
    }
    views.containers().events().pruned(reclaimed);
    ObjectNode json = JsonReply.object();
    json.set("ContainersDeleted", deleted.isEmpty() ? null : deleted); // Go's nil slice
    json.put("SpaceReclaimed", reclaimed);
    JsonReply.send(response, 200, json);
  }
}
