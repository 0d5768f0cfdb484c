package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A volume in the Docker API's shape ({@code docker volume inspect}, {@code ls}, create's answer):
 * CreatedAt (RFC 3339, seconds), Driver, Labels and Options (null when none were given), Mountpoint,
 * Name, Scope {@code local}; UsageData is left out, as dockerd leaves it out outside {@code system df}.
 */
final class VolumeJson {
  private static final DateTimeFormatter CREATED = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(ZoneOffset.UTC);

  private VolumeJson() {}

  /** The JSON of {@code volume}, its mount point from {@code volumes}. */
  static ObjectNode of(Volume volume, VolumeService volumes) {
    ObjectNode json = JsonReply.object();
    json.put("CreatedAt", CREATED.format(volume.createdAt()));
    json.put("Driver", volume.driver());
    json.set("Labels", map(volume.labels()));
    json.put("Mountpoint", volumes.dataDir(volume.name()).toString());
    json.put("Name", volume.name());
    json.set("Options", map(volume.options()));
    json.put("Scope", "local");
    return json;
  }

  private static com.fasterxml.jackson.databind.JsonNode map(Map<String, String> values) {
    if (values == null) {
      return JsonReply.mapper().nullNode();
    }
    ObjectNode json = JsonReply.object();
    values.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.put(e.getKey(), e.getValue()));
    return json;
  }
}
