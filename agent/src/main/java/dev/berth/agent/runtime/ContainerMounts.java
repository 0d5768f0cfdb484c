package dev.berth.agent.runtime;

import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.volume.MountPoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a container has mounted besides its rootfs (volumes, binds, tmpfs from {@code --mount}),
 * seen from the runtime's side: resolved once at create, ready before each process is created,
 * let go when the container is removed. Implemented by the volumes part of the engine.
 */
public interface ContainerMounts {
  /** No volumes: create asks for none, or they are refused. */
  ContainerMounts NONE = new ContainerMounts() {
    @Override
    public List<MountPoint> prepare(String id, CreateOptions options, ContainerConfig image, Path rootfs) {
      if (!options.mounts().binds().isEmpty() || !options.mounts().mounts().isEmpty()
          || !options.mounts().volumesFrom().isEmpty() || !options.mounts().volumes().isEmpty()) {
        throw new IllegalArgumentException("volumes are not supported by this runtime");
      }
      return List.of();
    }

    @Override
    public void beforeProcess(Container container) {}

    @Override
    public void removed(String id, CreateOptions options, boolean removeVolumes) {}
  };

  /**
   * The mount points of container {@code id} created with {@code options} over {@code image},
   * its rootfs mounted at {@code rootfs}: volumes made, mount targets created in the rootfs,
   * image content copied up into new volumes.
   */
  List<MountPoint> prepare(String id, CreateOptions options, ContainerConfig image, Path rootfs) throws IOException;

  /** Before conmon creates the container's process: what must be mounted on the host is. */
  void beforeProcess(Container container) throws IOException;

  /** Container {@code id} is gone (or its create failed); its anonymous volumes go too when {@code removeVolumes}. */
  void removed(String id, CreateOptions options, boolean removeVolumes);
}
