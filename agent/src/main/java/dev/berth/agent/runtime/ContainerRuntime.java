package dev.berth.agent.runtime;

import dev.berth.util.Log;
import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.runtime.attach.AttachSocket;
import dev.berth.agent.runtime.attach.ConsoleControl;
import dev.berth.agent.runtime.cgroup.Cgroup;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.lang.System.Logger.Level;

/**
 * The containers of this host: create, start, kill, stop, pause, update, wait, delete, logs, and
 * each one's cgroup (for top and stats). Each container is a process that conmon watches and runc
 * made, over an overlay snapshot of its image; all of it lives on disk ({@link ContainerDirectory}), so a new runtime over the same directories re-adopts
 * what an earlier agent left: running containers stay, exits that happened meanwhile are read
 * from conmon's exit files, half-made containers are removed ({@link ContainerRecovery}). Restart
 * policies ({@link ContainerRestarter}) and health checks ({@link HealthMonitor}) run in the
 * background; a container's lifecycle changes one at a time ({@link ContainerLocks}).
 * What happens to containers is published as engine events ({@link ContainerEvents}).
 */
public final class ContainerRuntime implements AutoCloseable {
  private static final System.Logger LOG = Log.of(ContainerRuntime.class);

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
  private final ContainerExecs execs;
  private final ContainerAttaches attaches = new ContainerAttaches();
  private final ContainerEvents events;
  private final ExitWatcher exits;
  private final ContainerLocks locks = new ContainerLocks();
  private final BackgroundThreads threads = new BackgroundThreads();
  private final ContainerRestarter restarter = new ContainerRestarter(this, threads);
  private final HealthMonitor health;
  private final ContainerUpdater updater;
  private final boolean swapLimit = Cgroup.swapLimitSupported();
  private final ContainerMounts mounts;
  private final ContainerNetworking networking;

  /** The runtime over {@code settings}' directories, re-adopting the containers found there; its events go nowhere. */
  public ContainerRuntime(RuntimeSettings settings, ImageService images, SpecGenerator specs) throws IOException {
    this(settings, images, specs, EngineEvents.NONE);
  }

  /** The runtime over {@code settings}' directories, re-adopting the containers found there, publishing to {@code events}. */
  public ContainerRuntime(RuntimeSettings settings, ImageService images, SpecGenerator specs, EngineEvents events)
      throws IOException {
    this(settings, images, specs, events, ContainerMounts.NONE, ContainerNetworking.NONE);
  }

  /**
   * {@link #ContainerRuntime(RuntimeSettings, ImageService, SpecGenerator, EngineEvents)} with volumes and binds
   * from {@code mounts} and containers plugged into {@code networking}.
   */
  public ContainerRuntime(RuntimeSettings settings, ImageService images, SpecGenerator specs, EngineEvents events,
      ContainerMounts mounts, ContainerNetworking networking) throws IOException {
    this.mounts = mounts;
    this.settings = settings;
    this.networking = networking;
    this.images = images;
    this.snapshots = images.store().resources().snapshots();
    this.specs = specs;
    AtomicFiles.createPrivateDirectories(settings.containersDir());
    Path runcRoot = Files.createDirectories(settings.runcRoot()).toRealPath(); // runc refuses symlinks
    Files.createDirectories(settings.socketDir());
    this.runc = new Runc(settings.runc(), runcRoot);
    this.conmon = new Conmon(settings.conmon(), settings.runc(), runc, settings.socketDir().toRealPath());
    this.events = new ContainerEvents(events, images);
    this.health = new HealthMonitor(settings.containersDir(), new HealthProbe(runc), threads, this::current);
    this.process = new ContainerProcess(runc, index, settings.containersDir(), this.events, this::exited);
    this.waiter = new ContainerWaiter(process, index);
    this.execs = new ContainerExecs(this, conmon, settings.containersDir());
    this.updater = new ContainerUpdater(runc, process, settings.containersDir());
    new ContainerRecovery(settings, runc, snapshots, index, this.events).recover();
    networking.recover(index.all());
    index.all().forEach(reaper::settle);
    health.listen((container, status) -> this.events.publish(container, EventAction.healthStatus(status.dockerName())));
    health.recover(index.all());
    restarter.recover(index.all());
    this.exits = new ExitWatcher(id -> {
      Optional<Container> known = index.get(id);
      if (known.isPresent()) {
        process.refresh(known.get());
      }
    });
    index.all().stream().filter(Container::isRunning).forEach(running -> exits.watch(directory(running)));
  }

  /** Where this runtime's containers' events go: other parts publish theirs (pause, exec, health…) here too. */
  public ContainerEvents events() {
    return events;
  }

  /** Runs {@code listener} (quickly) whenever a container is created, changes state, is renamed or removed. */
  public void onChange(Runnable listener) {
    index.onChange(listener);
  }

  /** Makes a container (its process created, not started) from {@code options}. */
  public Container create(CreateOptions requested) throws IOException {
    CreateOptions options = requested;
    Image image = images.store().resolve(requested.image());
    ImageConfig config = images.configs().of(image);
    if (options.stopSignal() == null && config.containerConfig().stopSignal != null) {
      options = options.toBuilder().stopSignal(config.containerConfig().stopSignal).build(); // kept as Docker keeps it
    }
    if (options.networkContainer().isPresent()) {
      try {
        get(options.networkContainer().get());
      } catch (ContainerNotFoundException e) {
        throw new IllegalArgumentException(e.getMessage()); // a bad option (400), not a missing image (404)
      }
    }
    if (config.containerConfig().exposedPorts != null && !config.containerConfig().exposedPorts.isEmpty()) {
      options = options.toBuilder().network(options.network().exposing(config.containerConfig().exposedPorts.keySet()))
          .build(); // the image's exposed ports are the container's, as dockerd merges them
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
      options = options.toBuilder().mountPoints(mounts.prepare(id, options, config.containerConfig(), dir.rootfs())).build();
      RuntimeSpec spec = networking.prepare(id, dir.dir(), options,
          specs.generate(id, config.containerConfig(), options, dir.rootfs()));
      dir.writeSpec(spec);
      Container container = new Container(id, name, image.id().toString(), options.image(), Instant.now(),
          ContainerStatus.CREATED, 0, 0, 0, null, null, dir.logFile().toString(), options, 0, false);
      container = spawnProcess(dir, container); // just mounted, and runc knows nothing of this id yet
      index.put(container);
      events.publish(container, EventAction.CREATE);
      return container;
    } catch (IOException | RuntimeException e) {
      index.release(name, id);
      ContainerRecovery.removeQuietly(dir, runc, snapshots, settings.socketDir());
      mounts.removed(id, options, true);
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
    Container stopped = process.stop(container, timeout == null ? container.options().stopTimeoutOrDefault() : timeout,
        container.options().stopSignalOrDefault());
    events.publish(stopped, EventAction.STOP);
    return stopped;
  }

  /** {@code docker restart}: stops the container when it runs ({@link #stop}), starts it, and reports the restart. */
  public Container restart(String nameOrId, Duration timeout) throws IOException {
    String id = get(nameOrId).id();
    stop(id, timeout);
    Container started = start(id);
    events.publish(started, EventAction.RESTART);
    return started;
  }

  /** Freezes a running container's processes (runc pause, the cgroup freezer); 409 errors in dockerd's words. */
  public Container pause(String nameOrId) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (container.status() == ContainerStatus.RESTARTING) {
      throw new ContainerConflictException(ContainerConflictException.restarting(container.id()));
    }
    if (!container.isRunning()) {
      throw new ContainerConflictException("Container " + container.id() + " is not running");
    }
    if (container.status() == ContainerStatus.PAUSED) {
      throw new ContainerConflictException("Container " + container.id() + " is already paused");
    }
    try {
      Container paused = process.pause(container);
      events.publish(paused, EventAction.PAUSE);
      return paused;
    } catch (IOException e) {
      throw new IOException("cannot pause container " + container.id() + ": " + e.getMessage(), e);
    }
  }

  /** Thaws a paused container (runc resume); not paused is a plain failure, as in dockerd. */
  public Container unpause(String nameOrId) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (container.status() != ContainerStatus.PAUSED) {
      throw new IOException("Container " + container.id() + " is not paused");
    }
    try {
      Container resumed = process.resume(container);
      events.publish(resumed, EventAction.UNPAUSE);
      return resumed;
    } catch (IOException e) {
      throw new IOException("Cannot unpause container " + container.id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Changes a container's limits (live when runc has it) and restart policy, keeping them for the
   * next start ({@code docker update}); the request is checked before anything changes.
   */
  public Container update(String nameOrId, ResourceUpdate requested) throws IOException {
    ResourceUpdate update = requested.adaptedTo(swapLimit);
    update.check(Runtime.getRuntime().availableProcessors());
    Container updated = updater.update(process.refresh(index.find(nameOrId)), update);
    events.publish(updated, EventAction.UPDATE);
    return updated;
  }

  /** The container's cgroup (where its spec put it), for its processes and counters. */
  public Cgroup cgroup(Container container) throws IOException {
    return Cgroup.of(spec(container).linux().cgroupsPath());
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
    delete(nameOrId, force, false);
  }

  /** {@link #delete(String, boolean)}, its anonymous volumes too when {@code removeVolumes} ({@code docker rm -v}). */
  public void delete(String nameOrId, boolean force, boolean removeVolumes) throws IOException {
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
      networking.disconnect(id);
      Container dead = process.save(index.find(id).withStatus(ContainerStatus.DEAD));
      waiter.removed(dead);
      execs.forget(id);
      attaches.removed(id);
      ContainerRecovery.remove(directory(container), runc, snapshots, settings.socketDir());
      synchronized (index) { // whoever waits for the removal finds its event published
        index.remove(id);
        events.publish(dead, EventAction.DESTROY);
      }
      mounts.removed(id, dead.options(), removeVolumes);
    }
  }

  /** The container a full id, a name or a unique id prefix names, with its exit observed if it happened. */
  public Container get(String nameOrId) throws IOException {
    return process.refresh(index.find(nameOrId));
  }

  /** The running container's place on its network (address, gateway, published ports). */
  public Optional<NetworkEndpoint> endpoint(String id) {
    return networking.endpoint(id);
  }

  /** Every network {@code container} is on, by name (inspect's {@code NetworkSettings.Networks}). */
  public List<NetworkAttachment> attachments(Container container) {
    return networking.attachments(container);
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
    events.publish(renamed, EventAction.RENAME, Map.of("oldName", "/" + container.name()));
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

  /**
   * Connects to the container's attach socket (its process's stdin, stdout and stderr through
   * conmon). A container without a live process (exited, or not re-created since a reboot) is
   * connected when it next starts, before its process runs, so nothing it writes is missed.
   */
  public CompletableFuture<AttachSocket> attach(String nameOrId) throws IOException {
    return attaches.attach(() -> get(nameOrId), container -> directory(container).dir());
  }

  /** Resizes the terminal of a running container started with {@code -t}. */
  public void resize(String nameOrId, int rows, int columns) throws IOException {
    Container container = get(nameOrId);
    if (!container.isRunning()) {
      throw new ContainerConflictException("Container " + container.id() + " is not running");
    }
    if (!container.options().tty()) {
      return; // as dockerd: nothing to resize
    }
    ConsoleControl.resize(directory(container).dir(), rows, columns);
  }

  /** The exec sessions of this host's containers. */
  public ContainerExecs execs() {
    return execs;
  }

  /** The container's log file (conmon's k8s-file format, see {@link ContainerLog}). */
  public Path logFile(String nameOrId) throws IOException {
    return directory(index.find(nameOrId)).logFile();
  }

  /** The process the container runs, as its spec says ({@code path} then {@code args}, as inspect shows them). */
  public List<String> processArgs(Container container) throws IOException {
    RuntimeSpec spec = spec(container);
    return spec.process() == null || spec.process().args() == null ? List.of() : spec.process().args();
  }

  /** The container's files (root filesystem, writable layer, image layers), for export, diff, commit and copy. */
  public ContainerFilesystem filesystem(String nameOrId) throws IOException {
    Container container = get(nameOrId);
    return new ContainerFilesystem(container, directory(container), snapshots, runc);
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

  /** From now on, tells {@code listener} (besides the events) when health checks change a container's health status. */
  public void onHealthChange(HealthListener listener) {
    health.listen((container, status) -> {
      events.publish(container, EventAction.healthStatus(status.dockerName()));
      listener.healthChanged(container, status);
    });
  }

  /** Ends waits, auto-removal watches, restart policies and health checks; the containers keep running under conmon. */
  @Override
  public void close() {
    exits.close();
    waiter.close();
    reaper.close();
    health.close();
    threads.close();
    networking.close();
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
    if (container.status() != ContainerStatus.CREATED || !process.awaitsStart(container)
        || !container.options().network().links().isEmpty()) {
      container = createProcess(dir, container); // again: after an exit, or after a reboot; links' variables now
    }
    networking.connect(container, dir.dir(), container.pid());
    try {
      runc.start(container.id());
    } catch (IOException | RuntimeException e) {
      networking.disconnect(container.id());
      throw e;
    }
    Container started = process.saveAndPublish(container.started(Instant.now()), EventAction.START);
    reaper.settle(started);
    exits.watch(dir);
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
    networking.disconnect(container.id());
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
    return spawnProcess(dir, container);
  }

  /** Has conmon create the container's process on its mounted rootfs. */
  private Container spawnProcess(ContainerDirectory dir, Container container) throws IOException {
    mounts.beforeProcess(container);
    joinNetworkOfOtherContainer(dir, container.options());
    if (!container.options().network().links().isEmpty()) {
      dir.writeSpec(networking.beforeProcess(container, dir.dir(), spec(container)));
    }
    long pid = conmon.create(dir, container.name(), container.options());
    long monitor = ContainerDirectory.readPid(dir.conmonPidFile());
    Container created = process.save(container.createdAs(pid, monitor));
    attaches.processCreated(dir);
    return created;
  }

  // --network container:<x> names a namespace by the other container's current process
  private void joinNetworkOfOtherContainer(ContainerDirectory dir, CreateOptions options) throws IOException {
    if (options.networkContainer().isEmpty()) {
      return;
    }
    Container other = get(options.networkContainer().get());
    if (!other.isRunning()) {
      throw new ContainerConflictException("cannot join network namespace of a non running container: "
          + options.networkContainer().get());
    }
    RuntimeSpec spec = ContainerJson.mapper().readValue(dir.specFile().toFile(), RuntimeSpec.class);
    dir.writeSpec(SpecGenerator.joiningNetworkOf(spec, other.pid()));
  }

  private RuntimeSpec spec(Container container) throws IOException {
    return ContainerJson.mapper().readValue(directory(container).specFile().toFile(), RuntimeSpec.class);
  }

  private ContainerDirectory directory(Container container) {
    return ContainerDirectory.of(settings.containersDir(), container.id());
  }
}
