package dev.berth.control.inventory;

import dev.berth.control.fleet.Host;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Queries over the fleet's volumes as the agents last reported them. */
@ApplicationScoped
public class VolumeInventory {

  /** Volumes by name, of one host (name or id) or of all, dangling or in use when asked, with a label when given. */
  @Transactional
  public List<VolumeView> list(String hostRef, Boolean dangling, String label) {
    Map<UUID, String> hostNames = FleetHosts.names();
    List<HostVolume> volumes = hostRef != null
        ? HostVolume.list("hostId", Sort.ascending("name"), FleetHosts.find(hostRef).id)
        : HostVolume.listAll(Sort.ascending("name"));
    LabelSelector selector = label == null ? null : LabelSelector.parse(label);
    return volumes.stream()
        .filter(volume -> dangling == null || dangling == (volume.containers == 0))
        .filter(volume -> selector == null || selector.matches(volume.labels))
        .map(volume -> VolumeView.of(volume, hostNames.get(volume.hostId))).toList();
  }
}
