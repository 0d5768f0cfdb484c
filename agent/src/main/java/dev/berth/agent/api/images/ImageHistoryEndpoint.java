package dev.berth.agent.api.images;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.HistoryEntry;
import dev.berth.agent.image.ImageService;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code GET /images/{name}/history}: the steps that made an image, newest first (Docker's HistoryResponseItem). */
public final class ImageHistoryEndpoint implements DockerEndpoint {
  private final ImageService images;

  /** Shows the history of images in {@code images}. */
  public ImageHistoryEndpoint(ImageService images) {
    this.images = images;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    List<HistoryEntry> history = ImageErrors.onImage(name, () -> images.history(name));
    ArrayNode rows = JsonReply.mapper().createArrayNode();
    for (HistoryEntry entry : history) {
      ObjectNode row = rows.addObject();
      row.put("Id", entry.id());
      row.put("Created", entry.created().getEpochSecond());
      row.put("CreatedBy", entry.createdBy());
      // Go's nil slice: rows without tags say null, not [].
      row.set("Tags", entry.tags().isEmpty() ? null : JsonReply.mapper().valueToTree(entry.tags()));
      row.put("Size", entry.size());
      row.put("Comment", entry.comment());
    }
    JsonReply.send(response, 200, rows);
  }
}
