package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A host as the API shows it. */
public record HostView(UUID id, String name, boolean online, Instant connectedAt, Instant lastSeenAt,
                       Instant createdAt, JsonNode labels, JsonNode facts,
                       List<String> allowedBindPrefixes) {
  /** The view of a host. */
  public static HostView of(Host host) {
    return new HostView(host.id, host.name, host.online, host.connectedAt, host.lastSeenAt, host.createdAt,
        host.labels, host.facts, host.allowedBindPrefixes);
  }
}
