package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A container on a host, as {@code /api/v1/containers} shows it. */
public record ContainerView(String host, UUID hostId, String id, String name, String image, String imageId,
                            String command, String state, String status, String health, Instant createdAt,
                            JsonNode ports, JsonNode labels, Instant reportedAt) {
  /** The view of an inventory row, with the host's name. */
  static ContainerView of(HostContainer container, String hostName) {
    return new ContainerView(hostName, container.hostId, container.containerId, container.name, container.image,
        container.imageId, container.command, container.state, container.status, container.health,
        container.createdAt, container.ports, container.labels, container.reportedAt);
  }

  /** Docker's 12-character short id. */
  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
