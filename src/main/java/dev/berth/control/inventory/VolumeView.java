package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A volume on a host, as {@code /api/v1/volumes} shows it; dangling when no container uses it. */
public record VolumeView(String host, UUID hostId, String name, String driver, String mountpoint, JsonNode labels,
                         JsonNode options, Instant createdAt, int containers, boolean dangling, Instant reportedAt) {
  /** The view of an inventory row, with the host's name. */
  static VolumeView of(HostVolume volume, String hostName) {
    return new VolumeView(hostName, volume.hostId, volume.name, volume.driver, volume.mountpoint, volume.labels,
        volume.options, volume.createdAt, volume.containers, volume.containers == 0, volume.reportedAt);
  }
}
