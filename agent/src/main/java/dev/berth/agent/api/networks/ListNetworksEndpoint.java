package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /networks?filters=}: {@code docker network ls}, filtered as dockerd does by {@code name}
 * (part of the name), {@code id} (part of the id), {@code label} ({@code key} or {@code key=value}),
 * {@code driver} and {@code type} ({@code builtin} or {@code custom}).
 */
final class ListNetworksEndpoint implements DockerEndpoint {
  private static final Set<String> ACCEPTED = Set.of("name", "id", "label", "driver", "type", "scope", "dangling");

  private final HostNetworks networks;
  private final ContainerRuntime containers;

  ListNetworksEndpoint(HostNetworks networks, ContainerRuntime containers) {
    this.networks = networks;
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request).accepting(ACCEPTED);
    ArrayNode list = JsonReply.mapper().createArrayNode();
    for (ObjectNode network : NetworkErrors.on(() -> NetworkJson.all(networks, containers))) {
      if (accepts(filters, network)) {
        list.add(network);
      }
    }
    JsonReply.send(response, 200, list);
  }

  private static boolean accepts(DockerFilters filters, ObjectNode network) {
    Map<String, List<String>> values = filters.values();
    String name = network.get("Name").asText();
    String id = network.get("Id").asText();
    boolean builtin = HostNetworks.PREDEFINED.contains(name);
    return anyOrAll(values.get("name"), name::contains) && anyOrAll(values.get("id"), id::contains)
        && anyOrAll(values.get("driver"), network.get("Driver").asText()::equals)
        && anyOrAll(values.get("scope"), "local"::equals)
        && anyOrAll(values.get("type"), type -> type.equals(builtin ? "builtin" : "custom"))
        && values.getOrDefault("label", List.of()).stream().allMatch(label -> hasLabel(network, label));
  }

  private static boolean anyOrAll(List<String> wanted, java.util.function.Predicate<String> test) {
    return wanted == null || wanted.isEmpty() || wanted.stream().anyMatch(test);
  }

  private static boolean hasLabel(ObjectNode network, String filter) {
    int equals = filter.indexOf('=');
    String key = equals < 0 ? filter : filter.substring(0, equals);
    return network.path("Labels").has(key)
        && (equals < 0 || network.path("Labels").get(key).asText().equals(filter.substring(equals + 1)));
  }
}
