package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.image.ImageService;
import java.util.List;

/** The image endpoints of the Docker Engine API, in dockerd's order (fixed paths before {@code {name:.*}} ones). */
public final class ImageRoutes {
  private ImageRoutes() {}

  /** Every image route, served from {@code images}. */
  public static List<DockerRoute> all(ImageService images) {
    SaveImagesEndpoint save = new SaveImagesEndpoint(images);
    return List.of(
        DockerRoute.get("/images/json", new ListImagesEndpoint(images)),
        DockerRoute.get("/images/get", save),
        DockerRoute.get("/images/{name:.*}/get", save),
        DockerRoute.get("/images/{name:.*}/history", new ImageHistoryEndpoint(images)),
        DockerRoute.get("/images/{name:.*}/json", new InspectImageEndpoint(images)),
        DockerRoute.post("/images/load", new LoadImagesEndpoint(images)),
        DockerRoute.post("/images/create", new ImportImageEndpoint(images)),
        DockerRoute.post("/images/prune", new PruneImagesEndpoint(images)),
        DockerRoute.post("/images/{name:.*}/tag", new TagImageEndpoint(images)),
        DockerRoute.delete("/images/{name:.*}", new RemoveImageEndpoint(images)));
  }
}
