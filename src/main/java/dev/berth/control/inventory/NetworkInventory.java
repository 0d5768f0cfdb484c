package dev.berth.control.inventory;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Queries over the fleet's networks as the agents last reported them. */
@ApplicationScoped
public class NetworkInventory {

  /**
   * Networks by name, of one host (name or id) or of all, whose name contains {@code name} and
   * whose driver is {@code driver}, each when given.
   */
  @Transactional
  public List<NetworkView> list(String hostRef, String name, String driver) {
    Map<UUID, String> hostNames = FleetHosts.names();
    Sort order = Sort.ascending("name").and("hostId");
    List<HostNetwork> networks = hostRef != null
        ? HostNetwork.list("hostId", order, FleetHosts.find(hostRef).id)
        : HostNetwork.listAll(order);
    return networks.stream()
        .filter(network -> name == null || network.name.contains(name))
        .filter(network -> driver == null || network.driver.equals(driver))
        .map(network -> NetworkView.of(network, hostNames.get(network.hostId))).toList();
  }
}
