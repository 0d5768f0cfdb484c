package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /volumes/create} {@code {"Name", "Driver", "DriverOpts", "Labels"}}: {@code docker volume create};
 * 201 with the volume (an existing one of that name as it is).
 */
final class CreateVolumeEndpoint implements DockerEndpoint {
  private final VolumeService volumes;

  CreateVolumeEndpoint(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    Volume volume = VolumeErrors.on(() -> volumes.create(body.path("Name").asText(""), body.path("Driver").asText(""),
        map(body.get("Labels")), map(body.get("DriverOpts"))));
    JsonReply.send(response, 201, VolumeJson.of(volume, volumes));
  }

  // null stays null (none given), as dockerd keeps it
  private static Map<String, String> map(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
    return values;
  }
}
