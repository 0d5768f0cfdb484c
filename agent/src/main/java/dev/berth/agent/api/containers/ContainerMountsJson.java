package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.volume.MountPoint;
import dev.berth.agent.volume.MountRequest;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A container's mounts in inspect, as dockerd shows them: {@code Mounts} (what is mounted),
 * {@code Config.Volumes}, and {@code HostConfig.Binds}, {@code VolumesFrom}, {@code Mounts} (what was asked).
 */
final class ContainerMountsJson {
  private ContainerMountsJson() {}

  /** {@code Mounts}: each mount point; {@code Name} and {@code Driver} for volumes only. */
  static ArrayNode mounts(Container container) {
    ArrayNode mounts = JsonReply.mapper().createArrayNode();
    for (MountPoint point : container.options().mountPoints()) {
      ObjectNode json = mounts.addObject().put("Type", point.type());
      if (point.isVolume()) {
        json.put("Name", point.name());
      }
      json.put("Source", point.source()).put("Destination", point.destination());
      if (point.isVolume()) {
        json.put("Driver", point.driver());
      }
      json.put("Mode", point.mode()).put("RW", point.rw()).put("Propagation", point.propagation());
    }
    return mounts;
  }

  /** {@code Config.Volumes}: the image's VOLUMEs and the container's own, {@code {"/path": {}}}; null when none. */
  static JsonNode volumes(Container container, ContainerConfig image) {
    Set<String> paths = new LinkedHashSet<>(image.volumes == null ? Set.of() : image.volumes.keySet());
    paths.addAll(container.options().mounts().volumes());
    if (paths.isEmpty()) {
      return JsonReply.mapper().nullNode();
    }
    ObjectNode volumes = JsonReply.object();
    paths.forEach(volumes::putObject);
    return volumes;
  }

  /** {@code HostConfig.Binds} and {@code HostConfig.VolumesFrom} as given (null when none, but Binds: []). */
  static void binds(Container container, ObjectNode host) {
    MountRequest request = container.options().mounts();
    ArrayNode binds = host.putArray("Binds");
    request.binds().forEach(binds::add);
    if (request.volumesFrom().isEmpty()) {
      host.putNull("VolumesFrom");
    } else {
      ArrayNode from = host.putArray("VolumesFrom");
      request.volumesFrom().forEach(from::add);
    }
  }

  /** {@code HostConfig.Mounts} as given, in the API's shape. */
  static void hostMounts(Container container, ObjectNode host) {
    ArrayNode mounts = host.putArray("Mounts");
    container.options().mounts().mounts().forEach(mount -> mounts.add(JsonReply.mapper().valueToTree(mount)));
  }
}
