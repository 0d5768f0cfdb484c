package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A container's process as conmon reports it: its exit is observed from conmon's exit file (lazily,
 * whenever someone looks), signals, pause and resume go through runc, and every change of state is
 * saved to the container's {@code state.json} and the in-memory index together.
 */
final class ContainerProcess {
  private static final Duration AFTER_KILL = Duration.ofSeconds(30);

  private final Runc runc;
  private final ContainerIndex index;
  private final Path containersDir;

  /** Processes signalled through {@code runc}, recorded in {@code index} and under {@code containersDir}. */
  ContainerProcess(Runc runc, ContainerIndex index, Path containersDir) {
    this.runc = runc;
    this.index = index;
    this.containersDir = containersDir;
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
      return current.isRunning() ? save(current.exited(code.getAsInt(), dir.exitTime())) : current;
    }
  }

  /**
   * Sends {@code signal} to the container's init; quiet when it has just exited. A paused container
   * is thawed after its stop signal (any signal when it has none) or SIGKILL, as dockerd does, so
   * the frozen process can act on it.
   */
  void signal(Container container, String signal) throws IOException {
    try {
      runc.kill(container.id(), signal);
    } catch (IOException e) {
      if (refresh(container).isRunning()) {
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

  /** Sends {@code signal}, waits {@code timeout} for the exit, then SIGKILL and waits again; returns the exited container. */
  Container stop(Container container, Duration timeout, String signal) throws IOException {
    signal(container, signal);
    Container after = awaitExit(container, timeout);
    if (after.isRunning()) {
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
