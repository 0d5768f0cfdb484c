package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.ContainerRuntime;
import java.util.List;

/** The container endpoints of the Docker Engine API, fixed paths before {@code {id}} ones. */
public final class ContainerRoutes {
  private ContainerRoutes() {}

  /** Every container route, served from {@code containers} (and {@code images} for image names and sizes). */
  public static List<DockerRoute> all(ContainerRuntime containers, ImageService images) {
    ContainerViews views = new ContainerViews(containers, images);
    return List.of(
        DockerRoute.post("/commit", new CommitContainerEndpoint(views, new ContainerCommitter(images))),
        DockerRoute.get("/containers/json", new ListContainersEndpoint(views)),
        DockerRoute.post("/containers/create", new CreateContainerEndpoint(containers)),
        DockerRoute.post("/containers/prune", new PruneContainersEndpoint(views)),
        DockerRoute.get("/containers/{id}/json", new InspectContainerEndpoint(views)),
        DockerRoute.get("/containers/{id}/logs", new ContainerLogsEndpoint(containers)),
        DockerRoute.post("/containers/{id}/start", new StartContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/stop", new StopContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/restart", new RestartContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/kill", new KillContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/wait", new WaitContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/rename", new RenameContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/attach", new AttachContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/resize", new ResizeContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/exec", new CreateExecEndpoint(containers.execs())),
        DockerRoute.post("/exec/{id}/start", new StartExecEndpoint(containers.execs())),
        DockerRoute.post("/exec/{id}/resize", new ResizeExecEndpoint(containers.execs())),
        DockerRoute.get("/exec/{id}/json", new InspectExecEndpoint(containers.execs())),
        DockerRoute.get("/containers/{id}/export", new ExportContainerEndpoint(containers)),
        DockerRoute.get("/containers/{id}/changes", new ContainerChangesEndpoint(containers)),
        DockerRoute.getOrHead("/containers/{id}/archive", new ContainerArchiveEndpoint(containers)),
        DockerRoute.put("/containers/{id}/archive", new PutContainerArchiveEndpoint(views)),
        DockerRoute.post("/containers/{id}/pause", new PauseContainerEndpoint(containers)),
        DockerRoute.post("/containers/{id}/unpause", new UnpauseContainerEndpoint(containers)),
        DockerRoute.get("/containers/{id}/top", new TopContainerEndpoint(containers)),
        DockerRoute.get("/containers/{id}/stats", new ContainerStatsEndpoint(containers)),
        DockerRoute.post("/containers/{id}/update", new UpdateContainerEndpoint(containers)),
        DockerRoute.delete("/containers/{id}", new RemoveContainerEndpoint(containers)));
  }
}
