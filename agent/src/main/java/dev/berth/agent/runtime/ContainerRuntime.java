package dev.berth.agent.runtime;

import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.json.ImageConfig;
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

/**
 * The containers of this host: create, start, kill, stop, pause, update, wait, delete, logs, and
 * each one's cgroup (for top and stats). Each container is a process that conmon watches and runc
 * made, over an overlay snapshot of its image; all of it lives on disk ({@link ContainerDirectory}), so a new runtime over the same directories re-adopts
 * what an earlier agent left: running containers stay, exits that happened meanwhile are read
 * from conmon's exit files, half-made containers are removed ({@link ContainerRecovery}).
 */
public final class ContainerRuntime implements AutoCloseable {
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
  private final ContainerUpdater updater;
  private final boolean swapLimit = Cgroup.swapLimitSupported();

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
    this.process = new ContainerProcess(runc, index, settings.containersDir());
    this.waiter = new ContainerWaiter(process, index);
    this.updater = new ContainerUpdater(runc, process, settings.containersDir());
    new ContainerRecovery(settings, runc, snapshots, index).recover();
    index.all().forEach(reaper::settle);
  }

  /** Makes a container (its process created, not started) from {@code options}. */
  public Container create(CreateOptions requested) throws IOException {
    CreateOptions options = requested;
    Image image = images.store().resolve(requested.image());
    ImageConfig config = images.configs().of(image);
    if (options.stopSignal() == null && config.containerConfig().stopSignal != null) {
      options = options.toBuilder().stopSignal(config.containerConfig().stopSignal).build(); // kept as Docker keeps it
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
          ContainerStatus.CREATED, 0, 0, 0, null, null, dir.logFile().toString(), options);
      container = createProcess(dir, container);
      index.put(container);
      return container;
    } catch (IOException | RuntimeException e) {
      index.release(name, id);
      ContainerRecovery.removeQuietly(dir, runc, snapshots, settings.socketDir());
      throw e;
    }
  }

  /** Starts a created or exited container; nothing when it runs already. */
  public Container start(String nameOrId) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (container.isRunning()) {
      return container;
    }
    ContainerDirectory dir = directory(container);
    if (container.status() != ContainerStatus.CREATED || !runc.status(container.id()).orElse("").equals("created")) {
      container = createProcess(dir, container); // again: after an exit, or after a reboot
    }
    runc.start(container.id());
    Container started = process.save(container.started(Instant.now()));
    reaper.settle(started);
    return started;
  }

  /** Sends {@code signal} (name or number; null: SIGKILL) to a running container's process. */
  public Container kill(String nameOrId, String signal) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (!container.isRunning()) {
      throw new ContainerConflictException("Container " + container.id() + " is not running");
    }
    process.signal(container, signal == null || signal.isEmpty() ? "KILL" : signal);
    return container;
  }

  /** Stops a running container: its stop signal, then SIGKILL after {@code timeout} (null: its stop timeout, default 10 s). */
  public Container stop(String nameOrId, Duration timeout) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (!container.isRunning()) {
      return container;
    }
    return process.stop(container, timeout == null ? container.options().stopTimeoutOrDefault() : timeout,
        container.options().stopSignalOrDefault());
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
      return process.pause(container);
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
      return process.resume(container);
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
    return updater.update(process.refresh(index.find(nameOrId)), update);
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

  /** Removes a container and its writable layer; a running one only with {@code force} (it is killed). */
  public void delete(String nameOrId, boolean force) throws IOException {
    Container container = process.refresh(index.find(nameOrId));
    if (container.isRunning()) {
      if (!force) {
        throw new ContainerConflictException("cannot remove container \"/" + container.name()
            + "\": container is running: stop the container before removing or force remove");
      }
      process.stop(container, Duration.ZERO, "KILL");
    }
    Container dead = process.save(index.find(container.id()).withStatus(ContainerStatus.DEAD));
    waiter.removed(dead);
    ContainerRecovery.remove(directory(container), runc, snapshots, settings.socketDir());
    index.remove(container.id());
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
    RuntimeSpec spec = spec(container);
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

  /** Ends waits and auto-removal watches; the containers keep running under conmon. */
  @Override
  public void close() {
    waiter.close();
    reaper.close();
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

  private RuntimeSpec spec(Container container) throws IOException {
    return ContainerJson.mapper().readValue(directory(container).specFile().toFile(), RuntimeSpec.class);
  }

  private ContainerDirectory directory(Container container) {
    return ContainerDirectory.of(settings.containersDir(), container.id());
  }
}
