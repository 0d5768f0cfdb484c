package dev.berth.agent.runtime;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.ImageUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which containers use an image, for the image service ({@code docker rmi} conflicts, prune,
 * {@code docker images} container counts). The image service is made before the runtime (the
 * runtime needs it), so this is handed to the images first and bound to the runtime after.
 */
public final class ContainerImageUsers implements ImageUsers {
  private volatile ContainerRuntime runtime;

  /** From now on, answers from {@code containers}. */
  public void bind(ContainerRuntime containers) {
    this.runtime = containers;
  }

  @Override
  public List<User> of(Digest imageId) {
    String id = imageId.toString();
    return containers().stream().filter(c -> id.equals(c.imageId()))
        .map(c -> new User(c.id(), c.isActive())).toList();
  }

  /** The ids of the images any container uses. */
  public Set<Digest> imagesInUse() {
    return containers().stream().map(Container::imageId).map(Digest::parse).collect(Collectors.toSet());
  }

  private List<Container> containers() {
    ContainerRuntime bound = runtime;
    if (bound == null) {
      return List.of();
    }
    try {
      return bound.list();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
