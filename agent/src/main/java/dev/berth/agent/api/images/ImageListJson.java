package dev.berth.agent.api.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.image.ImageSummary;
import java.util.List;

/**
 * Image listings in the Docker Engine API's shape ({@code GET /images/json}); also what the
 * agent reports to the control plane's inventory.
 */
public final class ImageListJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageListJson() {}

  /** The listing as Docker answers it. */
  public static ArrayNode of(List<ImageSummary> images) {
    ArrayNode items = JSON.createArrayNode();
    for (ImageSummary image : images) {
      ObjectNode item = items.addObject();
      item.put("Id", image.id());
      item.put("ParentId", image.parentId() == null ? "" : image.parentId());
      item.set("RepoTags", JSON.valueToTree(image.repoTags()));
      item.set("RepoDigests", JSON.valueToTree(image.repoDigests()));
      item.put("Created", image.created() == null ? 0 : image.created().getEpochSecond());
      item.put("Size", image.size());
      item.put("SharedSize", -1);
      item.set("Labels", image.labels() == null || image.labels().isEmpty() ? null : JSON.valueToTree(image.labels()));
      item.put("Containers", image.containers());
    }
    return items;
  }
}
