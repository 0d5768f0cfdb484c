package dev.berth.control.inventory;

import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostView;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.hibernate.jpa.HibernateHints;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Queries over the fleet's containers as the agents last reported them. */
@ApplicationScoped
public class ContainerInventory {
  private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("hostId").and("containerId");

  /** Containers, newest first, of one host (name or id) or of all, that pass the filter. */
  @Transactional
  public List<ContainerView> list(String hostRef, ContainerFilter filter) {
    Map<UUID, String> hostNames = FleetHosts.names();
    // Read-only: the rows are only shown, so the session keeps no snapshots of their JSON columns to compare at commit.
    List<HostContainer> containers = (hostRef != null
        ? HostContainer.<HostContainer>find("hostId", NEWEST_FIRST, FleetHosts.find(hostRef).id)
        : HostContainer.<HostContainer>findAll(NEWEST_FIRST)).withHint(HibernateHints.HINT_READ_ONLY, true).list();
    return containers.stream().filter(filter::matches)
        .map(container -> ContainerView.of(container, hostNames.get(container.hostId))).toList();
  }

  /** A host's newest containers, at most {@code limit}, and how many it has. */
  public record Newest(List<ContainerView> containers, int total) {}

  /** The newest {@code limit} containers of one host (name or id), counted and paged by the database. */
  @Transactional
  public Newest newest(String hostRef, int limit) {
    Host host = FleetHosts.find(hostRef);
    List<HostContainer> rows = HostContainer.<HostContainer>find("hostId", NEWEST_FIRST, host.id)
        .withHint(HibernateHints.HINT_READ_ONLY, true).page(0, limit).list();
    return new Newest(rows.stream().map(container -> ContainerView.of(container, host.name)).toList(),
        (int) HostContainer.count("hostId", host.id));
  }

  /** The host {@code hostRef} names or identifies; 404 when there is none. */
  @Transactional
  public HostView host(String hostRef) {
    return HostView.of(FleetHosts.find(hostRef));
  }

  /**
   * The container of a host (name or id) that {@code ref} names as Docker resolves it: a full id,
   * a name (with or without its slash), or an id prefix only one container has.
   */
  @Transactional
  public Optional<ContainerView> find(String hostRef, String ref) {
    Host host = FleetHosts.find(hostRef);
    String name = ref.startsWith("/") ? ref.substring(1) : ref;
    Optional<HostContainer> found = HostContainer.<HostContainer>find("hostId = ?1 and containerId = ?2", host.id, ref)
        .firstResultOptional()
        .or(() -> HostContainer.<HostContainer>find("hostId = ?1 and name = ?2", host.id, name).firstResultOptional())
        .or(() -> {
          List<HostContainer> prefixed = !ref.matches("[0-9a-f]{1,64}") ? List.of()
              : HostContainer.<HostContainer>find("hostId = ?1 and containerId like ?2", host.id, ref + "%")
                  .page(0, 2).list();
          return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
        });
    return found.map(container -> ContainerView.of(container, host.name));
  }
}
