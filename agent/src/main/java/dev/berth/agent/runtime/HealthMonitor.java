package dev.berth.agent.runtime;

import dev.berth.util.Log;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.lang.System.Logger.Level;

/**
 * Runs the health checks of running containers, as dockerd's health monitor does: a container's
 * checks begin when it starts (health "starting", failing streak 0), run one at a time — the next
 * one an interval after the last ended (the start interval while it is starting within its start
 * period) — and stop when it exits (health "unhealthy"). Each result changes its {@link Health},
 * which is written to the container's {@code health.json}, so a new agent resumes the checks of
 * the containers it re-adopts where the last one left them. Paused containers are not checked.
 */
final class HealthMonitor implements AutoCloseable {
  private static final System.Logger LOG = Log.of(HealthMonitor.class);

  /** The current state of a container (its exit observed), if it still exists. */
  @FunctionalInterface
  interface Containers {
    /** Container {@code id} as it now stands. */
    Optional<Container> current(String id) throws IOException;
  }

  private final Path containersDir;
  private final HealthProbe probe;
  private final BackgroundThreads threads;
  private final Containers containers;
  private final Map<String, Health> healths = new ConcurrentHashMap<>();
  private final Map<String, Checks> checks = new ConcurrentHashMap<>();
  private volatile HealthListener listener = HealthListener.NONE;

  HealthMonitor(Path containersDir, HealthProbe probe, BackgroundThreads threads, Containers containers) {
    this.containersDir = containersDir;
    this.probe = probe;
    this.threads = threads;
    this.containers = containers;
  }

  /** The checks of one container run: cancelled together when it stops. */
  private static final class Checks {
    final String id;
    final HealthConfig config;
    final Instant startedAt;
    volatile boolean stopped;
    volatile Future<?> next;

    Checks(Container container) {
      this.id = container.id();
      this.config = container.options().healthcheck();
      this.startedAt = container.startedAt();
    }

    void stop() {
      stopped = true;
      Future<?> pending = next;
      if (pending != null) {
        pending.cancel(false);
      }
    }
  }

  /** From now on, tells {@code healthListener} about changes of health status. */
  void listen(HealthListener healthListener) {
    this.listener = healthListener == null ? HealthListener.NONE : healthListener;
  }

  /** The container's health, if it has health checks and has been started since. */
  Optional<Health> health(String id) {
    return Optional.ofNullable(healths.get(id));
  }

  /** At the agent's start: reads what was saved, resumes the checks of running containers, ends those of the others. */
  void recover(List<Container> all) {
    for (Container container : all) {
      try {
        ContainerDirectory dir = ContainerDirectory.of(containersDir, container.id());
        Optional<byte[]> saved = AtomicFiles.readIfExists(dir.healthFile());
        if (saved.isPresent()) {
          healths.put(container.id(), ContainerJson.mapper().readValue(saved.get(), Health.class));
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "could not read the health of container " + container.id(), e);
      }
      if (container.isRunning()) {
        begin(container, false);
      } else {
        stopped(container.id());
      }
    }
  }

  /** The container (re)started: its checks begin anew, health "starting". */
  void started(Container container) {
    begin(container, true);
  }

  /** The container no longer runs: its checks end and its health, if it has one, becomes unhealthy. */
  synchronized void stopped(String id) {
    endChecks(id);
    Health health = healths.get(id);
    if (health != null && health.status() != HealthStatus.UNHEALTHY) {
      save(id, health.stopped());
    }
  }

  /** The container is being removed: its checks end and its health is forgotten. */
  synchronized void removed(String id) {
    endChecks(id);
    healths.remove(id);
  }

  /** Ends every container's checks (their health stays on disk for the next agent). */
  @Override
  public synchronized void close() {
    checks.values().forEach(Checks::stop);
    checks.clear();
  }

  private synchronized void begin(Container container, boolean fresh) {
    endChecks(container.id());
    HealthConfig config = container.options().healthcheck();
    if (config == null || !config.isProbed()) {
      return;
    }
    Health before = healths.get(container.id());
    if (fresh || before == null) {
      save(container.id(), Health.starting(before));
    }
    Checks started = new Checks(container);
    checks.put(container.id(), started);
    scheduleNext(started);
  }

  private void endChecks(String id) {
    Checks running = checks.remove(id);
    if (running != null) {
      running.stop();
    }
  }

  // dockerd's getInterval: the start interval while starting within the start period, never past its end.
  private void scheduleNext(Checks run) {
    Duration interval = run.config.intervalOrDefault();
    Duration elapsed = Duration.between(run.startedAt == null ? Instant.now() : run.startedAt, Instant.now());
    Duration remaining = run.config.startPeriodOrDefault().minus(elapsed);
    Duration delay = interval;
    if (remaining.compareTo(Duration.ZERO) > 0) {
      if (remaining.compareTo(interval) < 0) {
        delay = remaining;
      } else if (healths.get(run.id) != null && healths.get(run.id).status() == HealthStatus.STARTING) {
        delay = run.config.startIntervalOrDefault();
      }
    }
    run.next = threads.later(delay, "health check of container " + run.id, () -> check(run));
  }

  private void check(Checks run) {
    if (run.stopped) {
      return;
    }
    Container container;
    try {
      Optional<Container> current = containers.current(run.id); // observes an exit, which stops the checks
      if (current.isEmpty() || !current.get().isRunning() || run.stopped) {
        return;
      }
      container = current.get();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not look at container " + run.id, e);
      scheduleNext(run); // try again at the next interval
      return;
    }
    if (container.status() == ContainerStatus.PAUSED) {
      scheduleNext(run);
      return;
    }
    HealthResult result = probe(run);
    if (result == null) {
      return;
    }
    HealthStatus changed = null;
    synchronized (this) {
      if (run.stopped || checks.get(run.id) != run) {
        return; // stopped while checking: the result no longer counts, as in dockerd
      }
      Health before = healths.getOrDefault(run.id, Health.starting(null));
      Health after = before.after(result, run.config, run.startedAt);
      save(run.id, after);
      if (after.status() != before.status()) {
        changed = after.status();
      }
      scheduleNext(run);
    }
    if (changed != null) {
      listener.healthChanged(container, changed);
    }
  }

  private HealthResult probe(Checks run) {
    Instant start = Instant.now();
    try {
      return probe.run(ContainerDirectory.of(containersDir, run.id), run.config);
    } catch (IOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return null;
      }
      return new HealthResult(start, Instant.now(), -1, String.valueOf(e.getMessage()));
    }
  }

  private void save(String id, Health health) {
    healths.put(id, health);
    try {
      AtomicFiles.write(ContainerDirectory.of(containersDir, id).healthFile(),
          ContainerJson.mapper().writeValueAsBytes(health), PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not save the health of container " + id, e);
    }
  }
}
