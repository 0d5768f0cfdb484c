package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.VolumeService;
import java.io.IOException;
import java.util.Map;

/** {@code GET /volumes/{name}}: {@code docker volume inspect}; 404 "get x: no such volume". */
final class InspectVolumeEndpoint implements DockerEndpoint {
  private final VolumeService volumes;

  InspectVolumeEndpoint(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonReply.send(response, 200, VolumeJson.of(VolumeErrors.on(() -> volumes.get(pathVariables.get("name"))), volumes));
  }
}
