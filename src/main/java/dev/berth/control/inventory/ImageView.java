package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** An image on a host, as {@code /api/v1/images} shows it. */
public record ImageView(String host, UUID hostId, String id, JsonNode repoTags, JsonNode repoDigests,
                        long sizeBytes, Instant createdAt, boolean dangling, int containers, JsonNode labels,
                        Instant reportedAt) {
  /** The view of an inventory row, with the host's name. */
  static ImageView of(HostImage image, String hostName) {
    return new ImageView(hostName, image.hostId, image.imageId, image.repoTags, image.repoDigests, image.sizeBytes,
        image.createdAt, image.dangling, image.containers, image.labels, image.reportedAt);
  }
}
