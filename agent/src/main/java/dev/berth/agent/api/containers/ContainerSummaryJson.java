package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.time.Instant;

/** One row of {@code GET /containers/json}, in API 1.47's ContainerSummary shape. */
final class ContainerSummaryJson {
  private ContainerSummaryJson() {}

  /** The row of {@code container}; sizes only when {@code size}. */
  static ObjectNode of(Container container, ContainerViews views, boolean size, Instant now) throws IOException {
    ObjectNode row = JsonReply.object();
    row.put("Id", container.id());
    row.putArray("Names").add("/" + container.name());
    row.put("Image", container.imageRef());
    row.put("ImageID", container.imageId());
    row.put("Command", views.command(container));
    row.put("Created", container.created().getEpochSecond());
    row.set("Ports", NetworkSettingsJson.summary(container, views.endpoint(container)));
    if (size) {
      row.put("SizeRw", views.sizeRw(container));
      row.put("SizeRootFs", views.sizeRootFs(container));
    }
    row.set("Labels", JsonReply.mapper().valueToTree(container.options().labels()));
    row.put("State", container.status().dockerName());
    row.put("Status", ContainerStatusText.of(container, views.health(container), now));
    row.putObject("HostConfig").put("NetworkMode", container.options().networkMode());
    ObjectNode networks = row.putObject("NetworkSettings").putObject("Networks");
    NetworkSettingsJson.inspect(container, views.endpoint(container), views.attachments(container)).get("Networks")
        .fields().forEachRemaining(network -> networks.set(network.getKey(), network.getValue()));
    row.putArray("Mounts");
    return row;
  }
}
