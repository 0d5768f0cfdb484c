package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.ContainerRuntime;
import java.util.List;

/** The container endpoints of the Docker Engine API. */
public final class ContainerRoutes {
  private ContainerRoutes() {}

  /** Every container route, served from {@code containers} (and {@code images} for image names). */
  public static List<DockerRoute> all(ContainerRuntime containers, ImageService images) {
    return List.of();
  }
}
