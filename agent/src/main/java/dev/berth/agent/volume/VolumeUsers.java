package dev.berth.agent.volume;

import java.util.List;

/**
 * Which containers use which volumes, read from the containers' saved mount points (implemented
 * by the containers' side, {@link ContainerVolumes}); so "in use" survives an agent restart.
 */
@FunctionalInterface
public interface VolumeUsers {
  /** No container uses any volume. */
  VolumeUsers NONE = List::of;

  /** Every use of a volume by a container. */
  List<User> all();

  /**
   * A container using a volume.
   *
   * @param volume the volume's name
   * @param containerId the container's id
   * @param live whether the container has a process (created, running or paused): a mounted volume stays mounted for it
   */
  record User(String volume, String containerId, boolean live) {}
}
