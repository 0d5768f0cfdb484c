package dev.berth.agent.runtime;

import dev.berth.util.Log;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import dev.berth.storage.FileTrees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.lang.System.Logger.Level;

/**
 * Re-adopts the containers an earlier agent left, when the runtime starts: a running one whose
 * runc state is still running (or whose conmon still watches it) stays running; one that exited
 * meanwhile gets the exit code conmon wrote, or 255 when nobody saw it end (a reboot), and its
 * {@code die} event; one that waited to be restarted is exited (its restart policy decides again,
 * {@link ContainerRestarter}); a
 * directory without {@code state.json} is a create that never finished and is removed, with its
 * runc container and snapshot, as are snapshots of containers that no longer exist.
 */
final class ContainerRecovery {
  /** Docker's exit code for a container whose end nobody recorded. */
  static final int UNKNOWN_EXIT = 255;

  private static final System.Logger LOG = Log.of(ContainerRecovery.class);

  private final RuntimeSettings settings;
  private final Runc runc;
  private final OverlaySnapshotter snapshots;
  private final ContainerIndex index;
  private final ContainerEvents events;

  ContainerRecovery(RuntimeSettings settings, Runc runc, OverlaySnapshotter snapshots, ContainerIndex index,
      ContainerEvents events) {
    this.settings = settings;
    this.runc = runc;
    this.snapshots = snapshots;
    this.index = index;
    this.events = events;
  }

  /** Fills the index from disk and settles what happened while no agent watched. */
  void recover() throws IOException {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(settings.containersDir())) {
      for (Path path : dirs) {
        if (!ContainerId.isFull(path.getFileName().toString())) {
          continue;
        }
        ContainerDirectory dir = new ContainerDirectory(path);
        Optional<Container> state = dir.readState();
        if (state.isEmpty()) {
          LOG.log(Level.INFO, "removing half-created container " + dir.id());
          removeQuietly(dir, runc, snapshots, settings.socketDir());
        } else {
          index.reserve(state.get().name(), dir.id());
          Container settled = settle(dir, state.get());
          if (!settled.equals(state.get())) {
            dir.writeState(settled);
          }
          index.put(settled);
          if (state.get().isRunning() && !settled.isRunning()) {
            events.died(settled); // it exited while no agent watched
          }
        }
      }
    }
    for (String key : snapshots.activeKeys()) {
      if (ContainerId.isFull(key) && !Files.isDirectory(settings.containersDir().resolve(key))) {
        snapshots.removeActive(key);
      }
    }
  }

  private Container settle(ContainerDirectory dir, Container container) throws IOException {
    if (container.isRestarting()) {
      return container.withStatus(ContainerStatus.EXITED);
    }
    if (!container.isRunning()) {
      return container;
    }
    OptionalInt code = dir.exitCode();
    if (code.isPresent()) {
      return container.exited(code.getAsInt(), dir.exitTime());
    }
    String status = runc.status(container.id()).orElse("");
    if (status.equals("running") || status.equals("paused") || isConmon(container.monitorPid())) {
      return container.withStatus(status.equals("paused") ? ContainerStatus.PAUSED : ContainerStatus.RUNNING);
    }
    return container.exited(UNKNOWN_EXIT, java.time.Instant.now());
  }

  private static boolean isConmon(long pid) {
    try {
      return pid > 0 && Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim().equals("conmon");
    } catch (IOException gone) {
      return false;
    }
  }

  /** Deletes the container's runc state, snapshot (unmounting it), socket link and directory. */
  static void remove(ContainerDirectory dir, Runc runc, OverlaySnapshotter snapshots, Path socketDir)
      throws IOException {
    runc.delete(dir.id(), true);
    snapshots.unmount(dir.rootfs());
    snapshots.removeActive(dir.id());
    Files.deleteIfExists(socketDir.resolve(dir.id()));
    if (Files.exists(dir.dir())) {
      FileTrees.delete(dir.dir());
    }
  }

  /** {@link #remove}, logging instead of throwing (cleaning up after another failure). */
  static void removeQuietly(ContainerDirectory dir, Runc runc, OverlaySnapshotter snapshots, Path socketDir) {
    try {
      remove(dir, runc, snapshots, socketDir);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not remove container " + dir.id(), e);
    }
  }
}
