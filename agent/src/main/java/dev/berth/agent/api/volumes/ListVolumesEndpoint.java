package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code GET /volumes?filters=}: {@code docker volume ls}; {@code {"Volumes": [...], "Warnings": null}}. */
final class ListVolumesEndpoint implements DockerEndpoint {
  private static final Set<String> ACCEPTED = Set.of("dangling", "name", "label", "label!", "driver");

  private final VolumeService volumes;

  ListVolumesEndpoint(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request);
    JsonReply.send(response, 200, VolumeErrors.on(() -> list(volumes, filters)));
  }

  /** The list answer of {@code volumes} under {@code filters} (also the agent's volume inventory). */
  static ObjectNode list(VolumeService volumes, DockerFilters filters) throws IOException {
    Map<String, ?> used = volumes.usersByVolume();
    Predicate<Volume> accept = VolumeListFilter.of(filters, ACCEPTED, used::containsKey);
    ObjectNode json = JsonReply.object();
    ArrayNode list = json.putArray("Volumes");
    for (Volume volume : volumes.list()) {
      if (accept.test(volume)) {
        list.add(VolumeJson.of(volume, volumes));
      }
    }
    json.putNull("Warnings");
    return json;
  }
}
