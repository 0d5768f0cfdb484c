package dev.berth.agent.api.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.volume.VolumeService;
import dev.berth.agent.volume.backup.VolumeBackup;
import dev.berth.agent.volume.backup.VolumeRestore;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The volume endpoints of the Docker Engine API, fixed paths before {@code {name}} ones. */
public final class VolumeRoutes {
  private VolumeRoutes() {}

  /** Every volume route, served from {@code volumes}. */
  public static List<DockerRoute> all(VolumeService volumes) {
    return List.of(
        DockerRoute.get("/volumes", new ListVolumesEndpoint(volumes)),
        DockerRoute.post("/volumes/create", new CreateVolumeEndpoint(volumes)),
        DockerRoute.post("/volumes/prune", new PruneVolumesEndpoint(volumes)),
        DockerRoute.get("/volumes/{name}", new InspectVolumeEndpoint(volumes)),
        DockerRoute.delete("/volumes/{name}", new RemoveVolumeEndpoint(volumes)));
  }

  /** Berth's own volume routes (not Docker's): backup and restore. */
  public static List<DockerRoute> backups(VolumeService volumes, VolumeBackup backup) {
    return List.of(
        DockerRoute.get("/berth/volumes/{name}/backup", new BackupVolumeEndpoint(backup)),
        DockerRoute.put("/berth/volumes/{name}/restore", new RestoreVolumeEndpoint(new VolumeRestore(volumes), volumes)));
  }

  /** Every volume as {@code GET /volumes} lists it, with {@code UsageData.RefCount} (for the inventory). */
  public static JsonNode inventory(VolumeService volumes) throws IOException {
    Map<String, List<String>> users = volumes.usersByVolume();
    ArrayNode items = (ArrayNode) ListVolumesEndpoint.list(volumes, new DockerFilters(Map.of())).get("Volumes");
    items.forEach(item -> ((ObjectNode) item).putObject("UsageData").put("Size", -1)
        .put("RefCount", users.getOrDefault(item.get("Name").asText(), List.of()).size()));
    return items;
  }
}
