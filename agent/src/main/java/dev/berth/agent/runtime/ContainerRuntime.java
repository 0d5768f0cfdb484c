package dev.berth.agent.runtime;

import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import dev.berth.agent.snapshot.ActiveSnapshot;
import dev.berth.agent.snapshot.ChainIds;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The containers of this host: create, start, kill, stop, wait, delete, logs. Each container is a
 * process that conmon watches and runc made, over an overlay snapshot of its image; all of it
 * lives on disk ({@link ContainerDirectory}), so a new runtime over the same directories re-adopts
 * what an earlier agent left: running containers stay, exits that happened meanwhile are read
 * from conmon's exit files, half-made containers are removed ({@link ContainerRecovery}). Restart
 * policies ({@link ContainerRestarter}) and health checks ({@link HealthMonitor}) run in the
 * background; a container's lifecycle changes one at a time ({@link ContainerLocks}).
 */
public final class ContainerRuntime implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ContainerRuntime.class.getName());

  private final RuntimeSettings settings;
  private final ImageService images;
  private final OverlaySnapshotter snapshots;
  private final SpecGenerator specs;
  private final Runc runc;
  private final Conmon conmon;
  private final ContainerIndex index = new ContainerIndex();
  private final ContainerProcess process;
  private final ContainerWaiter waiter;
  private final ContainerReaper reaper = new ContainerReaper(this);
  private final ContainerLocks locks = new ContainerLocks();
  private final BackgroundThreads threads = new BackgroundThreads();
  private final ContainerRestarter restarter = new ContainerRestarter(this, threads);
  private final HealthMonitor health;

  /** The runtime over {@code settings}' directories, re-adopting the containers found there. */
  public ContainerRuntime(RuntimeSettings settings, ImageService images, SpecGenerator specs) throws IOException {
    this.settings = settings;
    this.images = images;
    this.snapshots = images.store().resources().snapshots();
    this.specs = specs;
    AtomicFiles.createPrivateDirectories(settings.containersDir());
    Path runcRoot = Files.createDirectories(settings.runcRoot()).toRealPath(); // runc refuses symlinks
    Files.createDirectories(settings.socketDir());
    this.runc = new Runc(settings.runc(), runcRoot);
    this.conmon = new Conmon(settings.conmon(), settings.runc(), runc, settings.socketDir().toRealPath());
    this.health = new HealthMonitor(settings.containersDir(), new HealthProbe(runc), threads, this::current);
    this.process = new ContainerProcess(runc, index, settings.containersDir(), this::exited);
    this.waiter = new ContainerWaiter(process, index);
    new ContainerRecovery(settings, runc, snapshots, index).recover();
    index.all().forEach(reaper::settle);
    health.recover(index.all());
    restarter.recover(index.all());
  }

  /** Makes a container (its process created, not started) from {@code options}. */
  public Container create(CreateOptions requested) throws IOException {
    CreateOptions options = requested;
    Image image = images.store().resolve(requested.image());
    ImageConfig config = images.configs().of(image);
    if (options.stopSignal() == null && config.containerConfig().stopSignal != null) {
      options = options.toBuilder().stopSignal(config.containerConfig().stopSignal).build(); // kept as Docker keeps it
    }
    HealthConfig healthcheck = HealthConfig.merge(options.healthcheck(), HealthConfig.ofImage(config.containerConfig().healthcheck));
    if (healthcheck != options.healthcheck()) {
      options = options.toBuilder().healthcheck(healthcheck).build(); // merged at create, as dockerd does
    }
    String id = ContainerId.generate();
    String name = index.reserve(options.name(), id);
    ContainerDirectory dir = ContainerDirectory.of(settings.containersDir(), id);
    try {
      AtomicFiles.createPrivateDirectories(dir.dir());
      ActiveSnapshot snapshot = snapshots.prepare(id, ChainIds.of(image.diffIds()));
      snapshots.mount(snapshot, dir.rootfs());
      RuntimeSpec spec = specs.generate(id, config.containerConfig(), options, dir.rootfs());
      dir.writeSpec(spec);
      Container container = new Container(id, name, image.id().toString(), options.image(), Instant.now(),
          ContainerStatus.CREATED, 0, 0, 0, null, null, dir.logFile().toString(), options, 0, false);
      container = createProcess(dir, container);
      index.put(container);
      return container;
    } catch (IOException | RuntimeException e) {
      index.release(name, id);
      ContainerRecovery.removeQuietly(dir, runc, snapshots, settings.socketDir());
      throw e;
    }
  }

  /** Starts a created or exited container, its restart count back to 0; nothing when it runs (or waits to restart) already. */
  public Container start(String nameOrId) throws IOException {
    String id = index.find(nameOrId).id();
    synchronized (locks.of(id)) {
      Container container = process.refresh(index.find(id));
      if (container.isActive()) {
        return container;
      }
      restarter.reset(id);
      return launch(container.restartsForgotten());
    }
  }

  /** Sends {@code signal} (name or number; null: SIGKILL) to a running container's process; one waiting to restart just stays stopped. */
  public Container kill(String nameOrId, String signal) throws IOException {
    String id = index.find(nameOrId).id();
    synchronized (locks.of(id)) {
      Container container = process.refresh(index.find(id));
      if (!container.isActive()) {
        throw new ContainerConflictException("Container " + container.id() + " is not running");
      }
      container = stoppedByUser(id);
      if (container.isRunning()) {
        process.signal(container, signal == null || signal.isEmpty() ? "KILL" : signal);
      }
      return container;
    }
  }

  /** Stops a running container: its stop signal, then SIGKILL after {@code timeout} (null: its stop timeout, default 10 s). */
  public Container stop(String nameOrId, Duration timeout) throws IOException {
    String id = index.find(nameOrId).id();
    Container container;
    synchronized (locks.of(id)) {
      container = process.refresh(index.find(id));
      if (!container.isActive()) {
        return container;
      }
      container = stoppedByUser(id);
    }
    if (!container.isRunning()) {
      return container; // it was waiting to restart: now it is just exited
    }
    return process.stop(container, timeout == null ? container.options().stopTimeoutOrDefault() : timeout,
        container.options().stopSignalOrDefault());
  }

  /** Waits until the container's process has exited (at most {@code timeout}) and returns it with its exit code. */
  public Container await(String nameOrId, Duration timeout) throws IOException {
    return process.awaitExit(index.find(nameOrId), timeout);
  }

  /** Blocks until the container meets {@code condition}; returns its (last) exit code. */
  public int await(String nameOrId, WaitCondition condition) throws IOException {
    return waiter.await(process.refresh(index.find(nameOrId)), condition);
  }

  /** Removes a container and its writable layer; a running (or restarting) one only with {@code force} (it is killed). */
  public void delete(String nameOrId, boolean force) throws IOException {
    String id = index.find(nameOrId).id();
    synchronized (locks.of(id)) {
      Container container = process.refresh(index.find(id));
      if (container.isActive()) {
        if (!force) {
          throw new ContainerConflictException("cannot remove container \"/" + container.name() + "\": container is "
              + (container.isRestarting() ? "restarting" : "running")
              + ": stop the container before removing or force remove");
        }
        container = stoppedByUser(id);
        if (container.isRunning()) {
          process.stop(container, Duration.ZERO, "KILL");
        }
      }
      restarter.forget(id);
      health.removed(id);
      Container dead = process.save(index.find(id).withStatus(ContainerStatus.DEAD));
      waiter.removed(dead);
      ContainerRecovery.remove(directory(container), runc, snapshots, settings.socketDir());
      index.remove(id);
    }
  }

  /** The container a full id, a name or a unique id prefix names, with its exit observed if it happened. */
  public Container get(String nameOrId) throws IOException {
    return process.refresh(index.find(nameOrId));
  }

  /** Gives the container {@code newName} (Docker's rules; unique on this host). */
  public Container rename(String nameOrId, String newName) throws IOException {
    Container container = index.find(nameOrId);
    String name = index.reserve(newName, container.id());
    if (name.equals(container.name())) {
      throw new IllegalArgumentException("Renaming a container with the same name as its current name");
    }
    Container renamed = process.save(index.find(container.id()).renamed(name));
    index.release(container.name(), container.id());
    return renamed;
  }

  /** Every container, newest first, exits observed. */
  public List<Container> list() throws IOException {
    List<Container> all = index.all();
    for (int i = 0; i < all.size(); i++) {
      all.set(i, process.refresh(all.get(i)));
    }
    return all;
  }

  /** The container's log file (conmon's k8s-file format, see {@link ContainerLog}). */
  public Path logFile(String nameOrId) throws IOException {
    return directory(index.find(nameOrId)).logFile();
  }

  /** The process the container runs, as its spec says ({@code path} then {@code args}, as inspect shows them). */
  public List<String> processArgs(Container container) throws IOException {
    RuntimeSpec spec = ContainerJson.mapper().readValue(directory(container).specFile().toFile(), RuntimeSpec.class);
    return spec.process() == null || spec.process().args() == null ? List.of() : spec.process().args();
  }

  /** What the container has written so far, oldest first. */
  public List<LogLine> logs(String nameOrId) throws IOException {
    return ContainerLog.read(directory(index.find(nameOrId)).logFile());
  }

  /** How many containers there are, by state. */
  public ContainerCounts counts() throws IOException {
    return ContainerCounts.of(list());
  }

  /** The container's health, when it has health checks and has been started since. */
  public Optional<Health> health(String id) {
    return health.health(id);
  }

  /** From now on, tells {@code listener} when health checks change a container's health status. */
  public void onHealthChange(HealthListener listener) {
    health.listen(listener);
  }

  /** Ends waits, auto-removal watches, restart policies and health checks; the containers keep running under conmon. */
  @Override
  public void close() {
    waiter.close();
    reaper.close();
    health.close();
    threads.close();
  }

  /** Starts container {@code id} again for its restart policy if it still waits for that; a failure leaves it exited. */
  void restartForPolicy(String id) {
    synchronized (locks.of(id)) {
      Optional<Container> waiting = index.get(id).filter(Container::isRestarting);
      if (waiting.isEmpty()) {
        return; // stopped, started or removed meanwhile
      }
      try {
        launch(waiting.get());
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "could not restart container " + id, e);
        try {
          process.update(id, c -> c.isRunning() ? c : c.withStatus(ContainerStatus.EXITED));
        } catch (IOException gone) {
          // removed meanwhile
        }
      }
    }
  }

  // Creates the process again unless runc holds it created, starts it; checks and watches begin.
  private Container launch(Container container) throws IOException {
    ContainerDirectory dir = directory(container);
    if (container.status() != ContainerStatus.CREATED || !runc.status(container.id()).orElse("").equals("created")) {
      container = createProcess(dir, container); // again: after an exit, or after a reboot
    }
    runc.start(container.id());
    Container started = process.save(container.started(Instant.now()));
    reaper.settle(started);
    restarter.watch(started);
    health.started(started);
    return started;
  }

  // A user stopped or killed it: no restart by its policy (one pending is cancelled).
  private Container stoppedByUser(String id) throws IOException {
    restarter.cancel(id);
    return process.update(id, Container::stoppedByUser);
  }

  // Each exit, seen once: the health checks end, and the restart policy may have it start again.
  private Container exited(Container container) {
    health.stopped(container.id());
    return restarter.onExit(container);
  }

  private Optional<Container> current(String id) throws IOException {
    Optional<Container> known = index.get(id);
    return known.isEmpty() ? known : Optional.of(process.refresh(known.get()));
  }

  private Container createProcess(ContainerDirectory dir, Container container) throws IOException {
    runc.delete(container.id(), true);
    dir.clearExit();
    snapshots.unmount(dir.rootfs()); // mounted again below: after a reboot it is not
    snapshots.mount(snapshots.active(container.id())
        .orElseThrow(() -> new IOException("container " + container.id() + " lost its snapshot")), dir.rootfs());
    CreateOptions options = container.options();
    long pid = conmon.create(dir, container.name(), options.tty(), options.openStdin());
    long monitor = ContainerDirectory.readPid(dir.conmonPidFile());
    return process.save(container.createdAs(pid, monitor));
  }

  private ContainerDirectory directory(Container container) {
    return ContainerDirectory.of(settings.containersDir(), container.id());
  }
}
