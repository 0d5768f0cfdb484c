package dev.berth.agent.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code docker update}: merges new limits (and restart policy) into a container's options, changes
 * the limits of its live cgroup with {@code runc update} when runc has the container (created,
 * running or paused), then keeps them in its {@code state.json} and in its spec, so inspect shows
 * them and the next start applies them. Nothing is saved when runc refuses.
 */
final class ContainerUpdater {
  private static final Set<String> LIVE = Set.of("created", "running", "paused");

  private final Runc runc;
  private final ContainerProcess process;
  private final Path containersDir;

  ContainerUpdater(Runc runc, ContainerProcess process, Path containersDir) {
    this.runc = runc;
    this.process = process;
    this.containersDir = containersDir;
  }

  /** Applies {@code update} (already checked on its own) to {@code container}; returns it updated. */
  Container update(Container container, ResourceUpdate update) throws IOException {
    if (container.status() == ContainerStatus.DEAD) {
      throw new IOException(cannot(container, "container is marked for removal and cannot be \"update\""));
    }
    CreateOptions options;
    try {
      options = update.applyTo(container.options());
    } catch (ContainerConflictException conflict) {
      throw new ContainerConflictException(cannot(container, conflict.getMessage()));
    }
    ContainerDirectory dir = ContainerDirectory.of(containersDir, container.id());
    if (LIVE.contains(runc.status(container.id()).orElse(""))) {
      Path resources = dir.resourcesUpdateFile();
      try {
        Files.write(resources, ContainerJson.mapper().writeValueAsBytes(update.runcResources()));
        runc.update(container.id(), resources);
      } catch (IOException e) {
        throw new IOException(cannot(container, e.getMessage()), e);
      } finally {
        Files.deleteIfExists(resources);
      }
    }
    ObjectNode spec = (ObjectNode) ContainerJson.mapper().readTree(dir.specFile().toFile());
    spec.withObjectProperty("linux").set("resources", ContainerJson.mapper().valueToTree(SpecGenerator.resources(options)));
    dir.writeSpec(ContainerJson.mapper().treeToValue(spec, RuntimeSpec.class));
    return process.save(container.withOptions(options));
  }

  private static String cannot(Container container, String why) {
    return "Cannot update container " + container.id() + ": " + why;
  }
}
