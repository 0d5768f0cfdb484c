package dev.berth.control.inventory;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The hosts an inventory query names and shows (call within a transaction). */
final class FleetHosts {
  private FleetHosts() {}

  /** The host named or identified by {@code ref}; 404 when there is none. */
  static Host find(String ref) {
    return Host.findByRef(ref).orElseThrow(() -> ApiProblem.notFound("no such host: " + ref));
  }

  /** Every host's name, by id. */
  static Map<UUID, String> names() {
    return Host.<Host>listAll().stream().collect(Collectors.toMap(h -> h.id, h -> h.name));
  }
}
