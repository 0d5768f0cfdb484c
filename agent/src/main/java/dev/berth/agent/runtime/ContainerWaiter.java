package dev.berth.agent.runtime;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for a container to reach a {@link WaitCondition}. Exits are observed by looking at
 * conmon's exit file, so waiting polls (2 ms, doubling to 50 ms). The exit codes of the last
 * removed containers are remembered, so a wait for removal still answers the code the
 * container exited with.
 */
final class ContainerWaiter {
  private static final int REMEMBERED = 256;

  private final ContainerProcess process;
  private final ContainerIndex index;
  private final Map<String, Integer> removedExits = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
      return size() > REMEMBERED;
    }
  };
  private volatile boolean closed;

  ContainerWaiter(ContainerProcess process, ContainerIndex index) {
    this.process = process;
    this.index = index;
  }

  /** Records that {@code container} is being removed, with its last exit code. */
  void removed(Container container) {
    synchronized (removedExits) {
      removedExits.put(container.id(), container.exitCode());
    }
  }

  /** Blocks until {@code container} meets {@code condition}; returns its exit code. */
  int await(Container container, WaitCondition condition) throws IOException {
    Instant finishedBefore = container.finishedAt();
    boolean wasRunning = container.isRunning();
    int lastExit = container.exitCode();
    PollPause pause = new PollPause();
    while (true) {
      Optional<Container> found = index.get(container.id());
      if (found.isEmpty()) {
        synchronized (removedExits) {
          return removedExits.getOrDefault(container.id(), lastExit);
        }
      }
      Container current = process.refresh(found.get());
      lastExit = current.exitCode();
      boolean exited = !current.isRunning() && current.status() != ContainerStatus.CREATED;
      if (condition == WaitCondition.NOT_RUNNING && !current.isActive()
          || condition == WaitCondition.NEXT_EXIT && exited
              && (wasRunning || !Objects.equals(finishedBefore, current.finishedAt()))) {
        return current.exitCode();
      }
      wasRunning |= current.isRunning();
      if (closed) {
        throw new IOException("the runtime is shutting down");
      }
      pause.sleep(container.id());
    }
  }

  /** Ends every wait (they fail). */
  void close() {
    closed = true;
  }
}
