package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /containers/json?all=&limit=&size=&filters=}: {@code docker ps}, newest first. Without
 * {@code all} only running ones, unless a status or exited filter or a limit asks for others (as dockerd).
 */
public final class ListContainersEndpoint implements DockerEndpoint {
  private final ContainerViews views;

  ListContainersEndpoint(ContainerViews views) {
    this.views = views;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request);
    Predicate<Container> accept = ContainerFilters.of(filters, views);
    int limit = limit(request);
    boolean all = request.queryFlag("all") || limit > 0 || filters.values().containsKey("status")
        || filters.values().containsKey("exited");
    boolean size = request.queryFlag("size");
    Instant now = Instant.now();
    ArrayNode rows = JsonReply.mapper().createArrayNode();
    List<Container> containers = ContainerErrors.on(() -> views.containers().list());
    for (Container container : containers) {
      if ((all || container.isActive()) && accept.test(container) && (limit <= 0 || rows.size() < limit)) {
        rows.add(ContainerErrors.on(() -> ContainerSummaryJson.of(container, views, size, now)));
      }
    }
    JsonReply.send(response, 200, rows);
  }

  private static int limit(DockerRequest request) {
    String text = request.queryParam("limit").orElse("");
    try {
      return text.isEmpty() ? -1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DockerApiException(400, "invalid value for limit: " + text);
    }
  }
}
