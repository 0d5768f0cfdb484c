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
import org.jboss.logging.Logger;

/** Mirrors the agents' inventory reports into PostgreSQL: each report replaces the host's rows of its kind. */
@ApplicationScoped
public class InventoryUpdater {
  private static final Logger LOG = Logger.getLogger(InventoryUpdater.class);

  @Inject Event<InventoryChanged> changes;

  void onReport(@Observes AgentReport report) {
    if (report.message() instanceof InventoryReport inventory) {
      if (InventoryReport.IMAGES.equals(inventory.kind()) && inventory.items() != null && inventory.items().isArray()) {
        replaceImages(report.session().hostId(), inventory.items());
      } else {
        LOG.debugf("ignoring inventory of kind %s from host %s", inventory.kind(), report.session().hostName());
      }
    }
  }

  /** Replaces the host's images with the reported ones. */
  @Transactional
  void replaceImages(UUID hostId, JsonNode items) {
    RelaxedCommit.forThisTransaction();
    HostImage.delete("hostId", hostId);
    Instant now = Instant.now();
    for (JsonNode item : items) {
      String id = item.path("Id").asText("");
      if (id.isEmpty()) {
        continue;
      }
      HostImage image = new HostImage();
      image.hostId = hostId;
      image.imageId = id;
      image.repoTags = arrayOrEmpty(item.get("RepoTags"));
      image.repoDigests = arrayOrEmpty(item.get("RepoDigests"));
      image.labels = item.path("Labels").isObject() ? item.get("Labels") : JsonNodeFactory.instance.objectNode();
      image.sizeBytes = item.path("Size").asLong(0);
      image.createdAt = item.has("Created") ? Instant.ofEpochSecond(item.get("Created").asLong()) : null;
      image.containers = Math.max(0, item.path("Containers").asInt(0));
      image.dangling = image.repoTags.isEmpty();
      image.reportedAt = now;
      image.persist();
    }
    changes.fire(new InventoryChanged(hostId, InventoryReport.IMAGES));
  }

  private static JsonNode arrayOrEmpty(JsonNode node) {
    return node != null && node.isArray() ? node : JsonNodeFactory.instance.arrayNode();
  }
}
