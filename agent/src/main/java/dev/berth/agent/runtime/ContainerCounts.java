package dev.berth.agent.runtime;

import java.util.List;

/**
 * How many containers there are, by state, as {@code GET /info} counts them.
 *
 * @param total every container
 * @param running running ones
 * @param paused paused ones
 * @param stopped the rest (created, exited, dead), as dockerd counts "stopped"
 */
public record ContainerCounts(int total, int running, int paused, int stopped) {
  /** The counts of {@code containers}. */
  public static ContainerCounts of(List<Container> containers) {
    int running = 0;
    int paused = 0;
    for (Container container : containers) {
      if (container.status() == ContainerStatus.RUNNING) {
        running++;
      } else if (container.status() == ContainerStatus.PAUSED) {
        paused++;
      }
    }
    return new ContainerCounts(containers.size(), running, paused, containers.size() - running - paused);
  }
}
