package dev.berth.control.inventory;

import dev.berth.control.fleet.Host;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Queries over the fleet's images as the agents last reported them. */
@ApplicationScoped
public class ImageInventory {

  /** Images, newest first, of one host (name or id) or of all, that pass the filter. */
  @Transactional
  public List<ImageView> list(String hostRef, ImageFilter filter) {
    Map<UUID, String> hostNames = FleetHosts.names();
    List<HostImage> images;
    if (hostRef != null) {
      Host host = FleetHosts.find(hostRef);
      images = HostImage.list("hostId", Sort.descending("createdAt"), host.id);
    } else {
      images = HostImage.listAll(Sort.descending("createdAt"));
    }
    return images.stream().filter(filter::matches).map(image -> ImageView.of(image, hostNames.get(image.hostId))).toList();
  }
}
