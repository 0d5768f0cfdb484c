package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.Volume;
import dev.berth.agent.volume.VolumeService;
import dev.berth.agent.volume.backup.VolumeRestore;
import java.io.IOException;
import java.util.Map;

/**
 * {@code PUT /berth/volumes/{name}/restore?sha256=&replace=&labels=}: Berth's own: restores the
 * body (a backup archive) as volume {@code name}, created when missing (with {@code labels}, a
 * JSON object), else only when empty or with {@code replace}. 200 with the volume as
 * {@code docker volume inspect} shows it; 400 a bad archive (corrupt, truncated, checksum
 * mismatch, unsafe path) or request, 409 a volume in use or not empty: the volume untouched.
 */
final class RestoreVolumeEndpoint implements DockerEndpoint {
  private final VolumeRestore restore;
  private final VolumeService volumes;

  RestoreVolumeEndpoint(VolumeRestore restore, VolumeService volumes) {
    this.restore = restore;
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    String name = pathVariables.get("name");
    String sha256 = request.queryParam("sha256").orElse(null);
    boolean replace = request.queryFlag("replace");
    Map<String, String> labels = labels(request);
    Volume volume = VolumeErrors.on(() -> restore.restore(name, request.body(), sha256, replace, labels));
    JsonReply.send(response, 200, VolumeJson.of(volume, volumes));
  }

  private static Map<String, String> labels(DockerRequest request) {
    String text = request.queryParam("labels").orElse("");
    if (text.isEmpty()) {
      return Map.of();
    }
    try {
      return JsonReply.mapper().readValue(text, new TypeReference<Map<String, String>>() { });
    } catch (IOException bad) {
      throw new DockerApiException(400, "labels must be a JSON object of strings");
    }
  }
}
