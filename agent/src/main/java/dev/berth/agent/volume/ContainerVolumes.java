package dev.berth.agent.volume;

import dev.berth.util.Log;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerMounts;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.RootfsPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.lang.System.Logger.Level;

/**
 * Volumes for containers: resolves a container's mounts at create ({@link MountResolver}),
 * creates their targets inside its rootfs (resolved there, never leading out) and copies image
 * content up into new volumes ({@link CopyUp}); mounts volumes with driver options before its
 * process is made; removes its anonymous volumes with it when asked ({@code rm -v}, {@code --rm}).
 * It also tells the volumes which containers use them, from the containers' saved mount points.
 * Made before the runtime (which calls it), bound to it after.
 */
public final class ContainerVolumes implements ContainerMounts, VolumeUsers {
  private static final System.Logger LOG = Log.of(ContainerVolumes.class);

  private final VolumeService volumes;
  private final MountResolver resolver;
  private volatile ContainerRuntime runtime;

  /** Volumes of {@code volumes} for the containers of the runtime bound later. */
  public ContainerVolumes(VolumeService volumes) {
    this.volumes = volumes;
    this.resolver = new MountResolver(volumes, nameOrId -> bound().get(nameOrId).options().mountPoints());
  }

  /** From now on, containers are those of {@code containers}; the volumes learn their users from them. */
  public void bind(ContainerRuntime containers) {
    this.runtime = containers;
    volumes.bind(this);
  }

  @Override
  public List<MountPoint> prepare(String id, CreateOptions options, ContainerConfig image, Path rootfs) throws IOException {
    List<String> imageVolumes = image == null || image.volumes == null ? List.of() : List.copyOf(image.volumes.keySet());
    List<MountPoint> points = resolver.resolve(options.mounts(), imageVolumes);
    try {
      for (MountPoint point : points) {
        if (point.isVolume()) {
          volumes.mountFor(id, volumes.get(point.name()));
        }
        Path target = RootfsPath.resolve(rootfs, point.destination());
        if (point.isVolume() && point.copyData()) {
          CopyUp.copy(target, Path.of(point.source()));
        }
        createTarget(rootfs, point, target);
      }
    } catch (IOException | RuntimeException e) {
      removed(id, options.toBuilder().mountPoints(points).build(), true);
      throw e;
    }
    return points;
  }

  @Override
  public void beforeProcess(Container container) throws IOException {
    for (MountPoint point : container.options().mountPoints()) {
      if (point.isVolume()) {
        volumes.mountFor(container.id(), volumes.get(point.name()));
      }
    }
  }

  @Override
  public void removed(String id, CreateOptions options, boolean removeVolumes) {
    volumes.released(id);
    if (removeVolumes) {
      for (MountPoint point : options.mountPoints()) {
        removeIfAnonymous(point);
      }
    }
    try {
      volumes.settleMounts();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not settle volume mounts", e);
    }
  }

  @Override
  public List<User> all() {
    List<User> users = new ArrayList<>();
    ContainerRuntime containers = runtime;
    if (containers == null) {
      return users;
    }
    try {
      for (Container container : containers.list()) {
        boolean live = container.isRunning() || container.status() == ContainerStatus.CREATED;
        for (MountPoint point : container.options().mountPoints()) {
          if (point.isVolume()) {
            users.add(new User(point.name(), container.id(), live));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return users;
  }

  // dockerd removes a container's anonymous volumes unless another container still uses them
  private void removeIfAnonymous(MountPoint point) {
    if (!point.isVolume()) {
      return;
    }
    try {
      if (volumes.get(point.name()).anonymous()) {
        volumes.remove(point.name(), true);
      }
    } catch (VolumeNotFoundException | VolumeInUseException kept) {
      // gone already, or still used by another container (e.g. through --volumes-from)
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove volume " + point.name(), e);
    }
  }

  // The target inside the rootfs: an empty file for a bind of a file, else a directory (both root-owned)
  private static void createTarget(Path rootfs, MountPoint point, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    boolean file = point.type().equals(MountPoint.BIND) && !Files.isDirectory(Path.of(point.source()));
    if (!file) {
      RootfsPath.createDirectories(rootfs, point.destination());
      return;
    }
    Path parent = Path.of(point.destination()).getParent();
    RootfsPath.createDirectories(rootfs, parent == null ? "/" : parent.toString());
    Path resolved = RootfsPath.resolve(rootfs, point.destination());
    if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
      Files.createFile(resolved);
    }
  }

  private ContainerRuntime bound() {
    ContainerRuntime containers = runtime;
    if (containers == null) {
      throw new IllegalStateException("no containers yet");
    }
    return containers;
  }
}
