package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * A container's process as conmon reports it: its exit is observed from conmon's exit file (lazily,
 * whenever someone looks, and when the {@link ExitWatcher} sees it written), signals, pause and
 * resume go through runc, and every change of state is saved to the container's {@code state.json} and the
 * in-memory index together. Whoever observes an exit first hands the exited container to
 * {@code onExit} (restart policy, health checks), which may change it before it is saved, and
 * publishes its one {@code die}; events go out under the index's lock with the change they
 * report, so they keep its order.
 */
final class ContainerProcess {
  private static final Duration AFTER_KILL = Duration.ofSeconds(30);

  private final Runc runc;
  private final ContainerIndex index;
  private final Path containersDir;
  private final ContainerEvents events;
  private final UnaryOperator<Container> onExit;

  /**
   * Processes signalled through {@code runc}, recorded in {@code index} and under {@code containersDir};
   * {@code onExit} sees each exit once, under the index's lock (it must be quick and take no other container lock).
   */
  ContainerProcess(Runc runc, ContainerIndex index, Path containersDir, ContainerEvents events,
      UnaryOperator<Container> onExit) {
    this.runc = runc;
    this.index = index;
    this.containersDir = containersDir;
    this.events = events;
    this.onExit = onExit;
  }

  /** Changes the container {@code id} as it now stands by {@code change} and saves it; returns it. */
  Container update(String id, UnaryOperator<Container> change) throws IOException {
    synchronized (index) {
      Container current = index.get(id).orElseThrow(() -> new ContainerNotFoundException(id));
      return save(change.apply(current));
    }
  }

  /** Saves {@code container} on disk, then in the index; returns it. */
  Container save(Container container) throws IOException {
    synchronized (index) {
      ContainerDirectory.of(containersDir, container.id()).writeState(container);
      index.put(container);
    }
    return container;
  }

  /** The container, marked exited with conmon's exit code if its process has ended since it was last looked at. */
  Container refresh(Container container) throws IOException {
    if (!container.isRunning()) {
      return container;
    }
    ContainerDirectory dir = ContainerDirectory.of(containersDir, container.id());
    OptionalInt code = dir.exitCode();
    if (code.isEmpty()) {
      return container;
    }
    synchronized (index) {
      Container current = index.get(container.id()).orElse(container);
      if (!current.isRunning()) {
        return current;
      }
      Container exited = current.exited(code.getAsInt(), dir.exitTime());
      events.died(exited);
      return save(onExit.apply(exited));
    }
  }

  /** Saves {@code container} and publishes {@code action} of it, before any observer of its next change can publish. */
  Container saveAndPublish(Container container, String action) throws IOException {
    synchronized (index) {
      save(container);
      events.publish(container, action);
    }
    return container;
  }

  /**
   * Sends {@code signal} to the container's init; quiet when it has just exited, also when conmon
   * has not written the exit file yet (runc already sees it stopped, e.g. a second SIGKILL). A
   * paused container is thawed after its stop signal (any signal when it has none) or SIGKILL, as
   * dockerd does, so the frozen process can act on it.
   */
  void signal(Container container, String signal) throws IOException {
    try {
      synchronized (index) { // kill is published before the die it causes
        runc.kill(container.id(), signal);
        events.killed(container, signal);
      }
    } catch (IOException e) {
      if (refresh(container).isRunning() && !runc.status(container.id()).orElse("").equals("stopped")) {
        throw e;
      }
      return;
    }
    if (container.status() == ContainerStatus.PAUSED && endsPause(container, signal)) {
      thaw(container);
    }
  }

  /** Freezes the running container's processes (runc pause); returns it paused. */
  Container pause(Container container) throws IOException {
    runc.pause(container.id());
    return save(container.withStatus(ContainerStatus.PAUSED));
  }

  /** Thaws the paused container (runc resume); returns it running. */
  Container resume(Container container) throws IOException {
    runc.resume(container.id());
    return save(container.withStatus(ContainerStatus.RUNNING));
  }

  private static boolean endsPause(Container container, String signal) {
    String stopSignal = container.options().stopSignal();
    String name = SignalName.of(signal);
    return name.equals("KILL") || stopSignal == null || stopSignal.isEmpty() || name.equals(SignalName.of(stopSignal));
  }

  // runc thaws a cgroup v1 container itself after SIGKILL; then there is nothing left to resume.
  private void thaw(Container container) throws IOException {
    try {
      runc.resume(container.id());
    } catch (IOException e) {
      if (runc.status(container.id()).orElse("").equals("paused")) {
        throw e;
      }
    }
    synchronized (index) {
      Container current = index.get(container.id()).orElse(container);
      if (current.status() == ContainerStatus.PAUSED) {
        save(current.withStatus(ContainerStatus.RUNNING));
      }
    }
  }

  /**
   * Whether the created container's init still waits for {@code runc start}: its pid is alive and
   * runs {@code runc init} (argv {@code runc init}). Read from /proc, as fast as a file read, where {@code runc state}
   * costs a process; false after a reboot or when the init died.
   */
  boolean awaitsStart(Container container) {
    try {
      String[] argv = Files.readString(Path.of("/proc", Long.toString(container.pid()), "cmdline"),
          StandardCharsets.ISO_8859_1).split("\0");
      return argv.length >= 2 && argv[1].equals("init");
    } catch (IOException gone) {
      return false;
    }
  }

  /** Sends {@code signal}, waits {@code timeout} for the exit, then SIGKILL and waits again; returns the exited container. */
  Container stop(Container container, Duration timeout, String signal) throws IOException {
    signal(container, signal);
    boolean killed = Signals.isKill(signal);
    Container after = awaitExit(container, killed ? AFTER_KILL : timeout);
    if (after.isRunning() && !killed) {
      signal(container, "KILL");
      after = awaitExit(container, AFTER_KILL);
      if (after.isRunning()) {
        throw new IOException("container " + container.id() + " did not exit after SIGKILL");
      }
    }
    return after;
  }

  /** Waits at most {@code timeout} (null: for ever) for the process to exit; returns the container as it then stands. */
  Container awaitExit(Container container, Duration timeout) throws IOException {
    Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
    PollPause pause = new PollPause();
    Container current = refresh(container);
    while (current.isRunning() && Instant.now().isBefore(deadline)) {
      pause.sleep(container.id());
      current = refresh(index.get(container.id()).orElse(current));
    }
    return current;
  }
}
