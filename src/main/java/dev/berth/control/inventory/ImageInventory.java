package dev.berth.control.inventory;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Queries over the fleet's images as the agents last reported them. */
@ApplicationScoped
public class ImageInventory {

  /** Images, newest first, of one host (name or id) or of all, that pass the filter. */
  @Transactional
  public List<ImageView> list(String hostRef, ImageFilter filter) {
    Map<UUID, String> hostNames = Host.<Host>listAll().stream().collect(Collectors.toMap(h -> h.id, h -> h.name));
    List<HostImage> images;
    if (hostRef != null) {
      Host host = Host.findByRef(hostRef).orElseThrow(() -> ApiProblem.notFound("no such host: " + hostRef));
      images = HostImage.list("hostId", Sort.descending("createdAt"), host.id);
    } else {
      images = HostImage.listAll(Sort.descending("createdAt"));
    }
    return images.stream().filter(filter::matches).map(image -> ImageView.of(image, hostNames.get(image.hostId))).toList();
  }
}
