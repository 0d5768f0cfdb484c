package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;

/**
 * Every container of the host as {@code GET /containers/json?all=1} lists it (newest first, exits
 * observed): what the agent reports to the control plane's inventory.
 */
public final class ContainerListJson {
  private ContainerListJson() {}

  /** The rows of every container in {@code containers}, its images' names read from {@code images}. */
  public static ArrayNode all(ContainerRuntime containers, ImageService images) throws IOException {
    ContainerViews views = new ContainerViews(containers, images);
    Instant now = Instant.now();
    ArrayNode rows = JsonReply.mapper().createArrayNode();
    for (Container container : containers.list()) {
      try {
        rows.add(ContainerSummaryJson.of(container, views, false, now));
      } catch (NoSuchFileException removedMeanwhile) {
        // its directory went with it; the removal is reported next
      }
    }
    return rows;
  }
}
