package dev.berth.agent.api.volumes;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.VolumeService;
import java.io.IOException;
import java.util.Map;

/**
 * {@code DELETE /volumes/{name}?force=}: {@code docker volume rm}; 204, 404 when missing (204 with
 * force), 409 "remove x: volume is in use - [ids]" while a container (running or not) uses it.
 */
final class RemoveVolumeEndpoint implements DockerEndpoint {
  private final VolumeService volumes;

  RemoveVolumeEndpoint(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    boolean force = request.queryFlag("force");
    VolumeErrors.on(() -> {
      volumes.remove(pathVariables.get("name"), force);
      return null;
    });
    JsonReply.empty(response, 204);
  }
}
