package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.volume.VolumeService;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /volumes/prune?filters=}: removes unused anonymous volumes, every unused one with
 * {@code all=true} ({@code docker volume prune -a}); {@code label}/{@code label!} narrow it.
 * Answers {@code {"VolumesDeleted": [...] or null, "SpaceReclaimed": bytes}}.
 */
final class PruneVolumesEndpoint implements DockerEndpoint {
  private static final Set<String> ACCEPTED = Set.of("label", "label!", "all");

  private final VolumeService volumes;

  PruneVolumesEndpoint(VolumeService volumes) {
    this.volumes = volumes;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    DockerFilters filters = DockerFilters.of(request);
    boolean all = filters.bool("all", false);
    var accept = VolumeListFilter.of(filters, ACCEPTED, name -> false);
    VolumeService.PruneResult result = VolumeErrors.on(() -> volumes.prune(all, accept));
    ObjectNode json = JsonReply.object();
    ArrayNode deleted = JsonReply.mapper().createArrayNode();
    result.deleted().forEach(deleted::add);
    json.set("VolumesDeleted", deleted.isEmpty() ? null : deleted); // Go's nil slice
    json.put("SpaceReclaimed", result.reclaimed());
    JsonReply.send(response, 200, json);
  }
}
