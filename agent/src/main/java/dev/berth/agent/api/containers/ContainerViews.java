package dev.berth.agent.api.containers;

import dev.berth.agent.content.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.Health;
import dev.berth.agent.runtime.NetworkAttachment;
import dev.berth.agent.runtime.NetworkEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the list and inspect answers read besides the container record: its argv (from its spec),
 * its image's config and sizes, its writable layer's size, its health.
 *
 * @param containers the runtime
 * @param images the image service
 */
record ContainerViews(ContainerRuntime containers, ImageService images) {
  /** The argv the container runs. */
  List<String> argv(Container container) throws IOException {
    return containers.processArgs(container);
  }

  /** dockerd's Command column: path and args joined by spaces. */
  String command(Container container) throws IOException {
    return String.join(" ", argv(container));
  }

  /** The container's image, if it is still here. */
  Optional<Image> image(Container container) {
    return images.store().get(Digest.parse(container.imageId()));
  }

  /** The image's container config, or null when the image is gone. */
  ContainerConfig imageConfig(Container container) throws IOException {
    Optional<Image> image = image(container);
    return image.isEmpty() ? null : images.configs().of(image.get()).containerConfig();
  }

  /** The container's health, when it has health checks and has been started since. */
  Optional<Health> health(Container container) {
    return containers.health(container.id());
  }

  /** The running container's place on its bridge network. */
  Optional<NetworkEndpoint> endpoint(Container container) {
    return container.isRunning() ? containers.endpoint(container.id()) : Optional.empty();
  }

  /** Every network the container is on, by name. */
  List<NetworkAttachment> attachments(Container container) {
    return containers.attachments(container);
  }

  /** The path of the container's generated /etc file {@code name} (hosts, hostname, resolv.conf); "" when it has none. */
  String etcFile(Container container, String name) {
    Path file = Path.of(container.logPath()).resolveSibling(name);
    return Files.exists(file) ? file.toString() : "";
  }

  /** Bytes the container wrote to its writable layer. */
  long sizeRw(Container container) throws IOException {
    return images.store().resources().snapshots().activeSize(container.id());
  }

  /** Bytes of its image plus its writable layer. */
  long sizeRootFs(Container container) throws IOException {
    return image(container).map(Image::size).orElse(0L) + sizeRw(container);
  }
}
