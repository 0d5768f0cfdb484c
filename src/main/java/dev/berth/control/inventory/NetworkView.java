package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A network on a host, as {@code /api/v1/networks} shows it: its subnet and gateway, and the
 * running containers on it (name and address).
 */
public record NetworkView(String host, UUID hostId, String id, String name, String driver, String scope,
                          String subnet, String gateway, boolean internal, JsonNode labels,
                          List<Endpoint> containers, Instant createdAt, Instant reportedAt) {
  /** A running container on the network: its id, name and address ({@code 172.18.0.2/16}). */
  public record Endpoint(String id, String name, String address) {}

  /** The view of an inventory row, with the host's name. */
  static NetworkView of(HostNetwork network, String hostName) {
    List<Endpoint> endpoints = network.containers.properties().stream()
        .map(e -> new Endpoint(e.getKey(), e.getValue().path("Name").asText(""),
            e.getValue().path("IPv4Address").asText("")))
        .sorted(java.util.Comparator.comparing(Endpoint::name)).toList();
    return new NetworkView(hostName, network.hostId, network.networkId, network.name, network.driver, network.scope,
        network.subnet, network.gateway, network.internal, network.labels, endpoints, network.createdAt,
        network.reportedAt);
  }
}
