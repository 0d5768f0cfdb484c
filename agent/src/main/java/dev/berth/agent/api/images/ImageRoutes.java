package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.registry.RegistryAccess;
import java.util.List;

/** The image endpoints of the Docker Engine API, in dockerd's order (fixed paths before {@code {name:.*}} ones). */
public final class ImageRoutes {
  private ImageRoutes() {}

  /** Every image route, served from {@code images}. */
  public static List<DockerRoute> all(ImageService images) {
    return all(images, RegistryAccess.standalone());
  }

  /** Every image route, served from {@code images}, pulling and pushing through {@code registries}. */
  public static List<DockerRoute> all(ImageService images, RegistryAccess registries) {
    SaveImagesEndpoint save = new SaveImagesEndpoint(images);
    return List.of(
        DockerRoute.get("/images/json", new ListImagesEndpoint(images)),
        DockerRoute.get("/images/get", save),
        DockerRoute.get("/images/{name:.*}/get", save),
        DockerRoute.get("/images/{name:.*}/history", new ImageHistoryEndpoint(images)),
        DockerRoute.get("/images/{name:.*}/json", new InspectImageEndpoint(images)),
        DockerRoute.post("/images/load", new LoadImagesEndpoint(images)),
        DockerRoute.post("/images/create", new ImportImageEndpoint(images, registries)),
        DockerRoute.post("/auth", new AuthEndpoint(registries)),
        DockerRoute.post("/images/{name:.*}/push", new PushImageEndpoint(images, registries)),
        DockerRoute.post("/images/prune", new PruneImagesEndpoint(images)),
        DockerRoute.post("/images/{name:.*}/tag", new TagImageEndpoint(images)),
        DockerRoute.delete("/images/{name:.*}", new RemoveImageEndpoint(images)));
  }
}
