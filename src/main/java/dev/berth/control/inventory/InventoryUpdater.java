package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.control.database.RelaxedCommit;
import dev.berth.control.fleet.AgentReport;
import dev.berth.link.message.InventoryReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Mirrors the agents' inventory reports into PostgreSQL: each report replaces the host's rows of
 * its kind ({@link InventoryReport#IMAGES}, {@link InventoryReport#CONTAINERS}, {@link InventoryReport#VOLUMES},
 * {@link InventoryReport#NETWORKS})
 * in one transaction.
 */
@ApplicationScoped
public class InventoryUpdater {
  private static final Logger LOG = Logger.getLogger(InventoryUpdater.class);
  private static final Pattern HEALTH = Pattern.compile("\\((healthy|unhealthy)\\)|\\(health: (starting)\\)");

  @Inject Event<InventoryChanged> changes;
  private final StoredReports stored = new StoredReports();

  void onReport(@Observes AgentReport report) {
    if (report.message() instanceof InventoryReport inventory) {
      boolean known = InventoryReport.IMAGES.equals(inventory.kind()) || InventoryReport.CONTAINERS.equals(inventory.kind())
          || InventoryReport.VOLUMES.equals(inventory.kind()) || InventoryReport.NETWORKS.equals(inventory.kind());
      if (known && inventory.items() != null && inventory.items().isArray()) {
        byte[] digest = StoredReports.digest(inventory.items());
        if (!stored.isStored(report.session(), inventory.kind(), digest)) {
          replace(report.session().hostId(), inventory.kind(), inventory.items());
          stored.stored(report.session(), inventory.kind(), digest);
        }
      } else {
        LOG.debugf("ignoring inventory of kind %s from host %s", inventory.kind(), report.session().hostName());
      }
    }
  }

  /** Replaces the host's rows of {@code kind} (images, containers, volumes or networks) with the reported ones. */
  @Transactional
  void replace(UUID hostId, String kind, JsonNode items) {
    RelaxedCommit.forThisTransaction();
    switch (kind) {
      case InventoryReport.IMAGES -> HostImage.delete("hostId", hostId);
      case InventoryReport.CONTAINERS -> HostContainer.delete("hostId", hostId);
      case InventoryReport.NETWORKS -> HostNetwork.delete("hostId", hostId);
      default -> HostVolume.delete("hostId", hostId);
    }
    Instant now = Instant.now();
    for (JsonNode item : items) {
      String id = item.path(InventoryReport.VOLUMES.equals(kind) ? "Name" : "Id").asText("");
      if (!id.isEmpty()) {
        (switch (kind) {
          case InventoryReport.IMAGES -> image(hostId, id, item, now);
          case InventoryReport.CONTAINERS -> container(hostId, id, item, now);
          case InventoryReport.NETWORKS -> network(hostId, id, item, now);
          default -> volume(hostId, id, item, now);
        }).persist();
      }
    }
    changes.fire(new InventoryChanged(hostId, kind));
  }

  // One item of GET /images/json.
  private static HostImage image(UUID hostId, String id, JsonNode item, Instant now) {
    HostImage image = new HostImage();
    image.hostId = hostId;
    image.imageId = id;
    image.repoTags = arrayOrEmpty(item.get("RepoTags"));
    image.repoDigests = arrayOrEmpty(item.get("RepoDigests"));
    image.labels = objectOrEmpty(item.get("Labels"));
    image.sizeBytes = item.path("Size").asLong(0);
    image.createdAt = created(item);
    image.containers = Math.max(0, item.path("Containers").asInt(0));
    image.dangling = image.repoTags.isEmpty();
    image.reportedAt = now;
    return image;
  }

  // One item of GET /containers/json.
  private static HostContainer container(UUID hostId, String id, JsonNode item, Instant now) {
    HostContainer container = new HostContainer();
    container.hostId = hostId;
    container.containerId = id;
    container.name = item.path("Names").path(0).asText(id.substring(0, Math.min(12, id.length()))).replaceFirst("^/", "");
    container.image = item.path("Image").asText("");
    container.imageId = item.path("ImageID").asText("");
    container.command = item.path("Command").asText("");
    container.state = item.path("State").asText("");
    container.status = item.path("Status").asText("");
    container.health = health(container.status);
    container.createdAt = created(item);
    container.ports = arrayOrEmpty(item.get("Ports"));
    container.labels = objectOrEmpty(item.get("Labels"));
    container.reportedAt = now;
    return container;
  }

  // One item of GET /volumes, with UsageData.RefCount.
  private static HostVolume volume(UUID hostId, String name, JsonNode item, Instant now) {
    HostVolume volume = new HostVolume();
    volume.hostId = hostId;
    volume.name = name;
    volume.driver = item.path("Driver").asText("local");
    volume.mountpoint = item.path("Mountpoint").asText("");
    volume.scope = item.path("Scope").asText("local");
    volume.labels = objectOrEmpty(item.get("Labels"));
    volume.options = objectOrEmpty(item.get("Options"));
    volume.createdAt = timestamp(item.get("CreatedAt"));
    volume.containers = Math.max(0, item.path("UsageData").path("RefCount").asInt(0));
    volume.reportedAt = now;
    return volume;
  }

  // One item of GET /networks.
  private static HostNetwork network(UUID hostId, String id, JsonNode item, Instant now) {
    HostNetwork network = new HostNetwork();
    network.hostId = hostId;
    network.networkId = id;
    network.name = item.path("Name").asText(id);
    network.driver = item.path("Driver").asText("bridge");
    network.scope = item.path("Scope").asText("local");
    JsonNode ipam = item.path("IPAM").path("Config").path(0);
    network.subnet = ipam.hasNonNull("Subnet") ? ipam.get("Subnet").asText() : null;
    network.gateway = ipam.hasNonNull("Gateway") ? ipam.get("Gateway").asText() : null;
    network.internal = item.path("Internal").asBoolean(false);
    network.labels = objectOrEmpty(item.get("Labels"));
    network.containers = objectOrEmpty(item.get("Containers"));
    Instant created = timestamp(item.get("Created"));
    network.createdAt = Instant.EPOCH.equals(created) ? null : created; // the predefined networks'
    network.reportedAt = now;
    return network;
  }

  /** The health in a status text, as dockerd writes it: "Up 5 minutes (healthy)", "(health: starting)"; else null. */
  static String health(String status) {
    Matcher health = HEALTH.matcher(status);
    if (!health.find()) {
      return null;
    }
    return health.group(1) != null ? health.group(1) : health.group(2);
  }

  private static Instant created(JsonNode item) {
    return item.has("Created") ? Instant.ofEpochSecond(item.get("Created").asLong()) : null;
  }

  // An RFC 3339 time as dockerd writes it, or null.
  private static Instant timestamp(JsonNode node) {
    return node == null || node.isNull() ? null : java.time.OffsetDateTime.parse(node.asText()).toInstant();
  }

  private static JsonNode arrayOrEmpty(JsonNode node) {
    return node != null && node.isArray() ? node : JsonNodeFactory.instance.arrayNode();
  }

  private static JsonNode objectOrEmpty(JsonNode node) {
    return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
  }
}
