package dev.berth.agent.runtime;

import dev.berth.util.Log;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.lang.System.Logger.Level;

/**
 * Acts on restart policies as dockerd's container monitor and restart manager do. Running
 * containers with a policy are looked at every 100 ms, so their exit is seen at once; whoever sees
 * an exit first hands it to {@link #onExit}, which decides: {@code always}, {@code unless-stopped},
 * or {@code on-failure} after a failure and below its retry limit restart it — unless a user
 * stopped or killed it — after the {@link RestartBackoff} delay, the container "restarting" and
 * its restart count one higher meanwhile. At the agent's start ({@link #recover}), as at dockerd's,
 * stopped containers that ran before are started again when their policy says so — {@code always}
 * even after a user stopped it, {@code unless-stopped} only if no user did — which is what brings
 * them back after a reboot.
 */
final class ContainerRestarter {
  private static final System.Logger LOG = Log.of(ContainerRestarter.class);

  private final ContainerRuntime runtime;
  private final BackgroundThreads threads;
  private final Map<String, RestartBackoff> backoffs = new ConcurrentHashMap<>();
  private final Map<String, Future<?>> pending = new ConcurrentHashMap<>();

  ContainerRestarter(ContainerRuntime runtime, BackgroundThreads threads) {
    this.runtime = runtime;
    this.threads = threads;
  }

  /**
   * The decision on an exit (called once per exit, under the index's lock): the container waiting
   * to be restarted, a restart scheduled; or the container as it exited.
   */
  Container onExit(Container exited) {
    RestartPolicy policy = exited.options().restartPolicy();
    if (exited.manuallyStopped()
        || !policy.shouldRestart(exited.exitCode(), exited.restartCount(), exited.manuallyStopped())) {
      return exited;
    }
    Duration ranFor = exited.startedAt() == null || exited.finishedAt() == null ? Duration.ZERO
        : Duration.between(exited.startedAt(), exited.finishedAt());
    Duration delay = backoffs.computeIfAbsent(exited.id(), id -> new RestartBackoff()).next(ranFor);
    String id = exited.id();
    Future<?> previous = pending.put(id, threads.later(delay, "restarting container " + id, () -> restart(id)));
    if (previous != null) {
      previous.cancel(false);
    }
    return exited.restarting();
  }

  /** A user stopped, killed or started the container: no restart is pending any more. */
  void cancel(String id) {
    Future<?> restart = pending.remove(id);
    if (restart != null) {
      restart.cancel(false);
    }
  }

  /** A user started the container: the delays begin again from the first, as with dockerd's new restart manager. */
  void reset(String id) {
    cancel(id);
    backoffs.remove(id);
  }

  /** The container is being removed. */
  void forget(String id) {
    reset(id);
  }

  /**
   * At the agent's start: starts the stopped containers their policy brings back. Exits of running
   * ones reach {@link #onExit} through the runtime's exit watcher, as all exits do.
   */
  void recover(List<Container> all) {
    for (Container container : all) {
      RestartPolicy policy = container.options().restartPolicy();
      if (container.status() == ContainerStatus.EXITED && container.startedAt() != null
          && policy.shouldRestart(container.exitCode(), container.restartCount(), container.manuallyStopped())) {
        threads.now("starting container " + container.id(), () -> startAgain(container.id()));
      }
    }
  }

  private void restart(String id) {
    pending.remove(id);
    runtime.restartForPolicy(id);
  }

  // As dockerd at its start: an ordinary start (restart count back to 0).
  private void startAgain(String id) {
    try {
      runtime.start(id);
    } catch (ContainerNotFoundException gone) {
      // removed meanwhile
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not start container " + id + " for its restart policy", e);
    }
  }
}
