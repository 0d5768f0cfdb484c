package dev.berth.agent.runtime;

import dev.berth.util.Log;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.lang.System.Logger.Level;

/**
 * Removes {@code --rm} containers when they exit: one waiting thread per running auto-remove
 * container. The agent being away is no loss: the runtime removes those that exited meanwhile
 * when it starts ({@link #settle}).
 */
final class ContainerReaper implements AutoCloseable {
  private static final System.Logger LOG = Log.of(ContainerReaper.class);

  private final ContainerRuntime runtime;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "container-reaper");
    thread.setDaemon(true);
    return thread;
  });

  ContainerReaper(ContainerRuntime runtime) {
    this.runtime = runtime;
  }

  /** Removes an auto-remove container that exited, or waits for a running one to exit. */
  void settle(Container container) {
    if (!container.options().autoRemove()) {
      return;
    }
    if (container.isRunning()) {
      threads.execute(() -> removeAfterExit(container.id()));
    } else if (container.status() != ContainerStatus.CREATED) {
      remove(container.id());
    }
  }

  private void removeAfterExit(String id) {
    try {
      if (!runtime.await(id, (java.time.Duration) null).isRunning()) {
        remove(id);
      }
    } catch (ContainerNotFoundException gone) {
      // removed by someone else
    } catch (IOException e) {
      if (!Thread.currentThread().isInterrupted()) {
        LOG.log(Level.WARNING, "could not wait for container " + id, e);
      }
    }
  }

  private void remove(String id) {
    try {
      runtime.delete(id, false, true); // as dockerd, --rm takes the anonymous volumes along
    } catch (ContainerNotFoundException | ContainerConflictException gone) {
      // removed by someone else, or started again
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove container " + id, e);
    }
  }

  /** Stops waiting; the containers run on, and are settled by the next runtime. */
  @Override
  public void close() {
    threads.shutdownNow();
  }
}
