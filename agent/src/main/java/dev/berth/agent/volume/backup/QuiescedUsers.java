package dev.berth.agent.volume.backup;

import dev.berth.util.Log;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.ContainerStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.lang.System.Logger.Level;

/**
 * The running containers of a volume held still for a backup ({@link BackupMode#PAUSE} or
 * {@link BackupMode#STOP}); closing brings back exactly those this class paused or stopped, so
 * a container paused by its owner beforehand stays paused.
 */
final class QuiescedUsers implements AutoCloseable {
  private static final System.Logger LOG = Log.of(QuiescedUsers.class);

  private final ContainerRuntime containers;
  private final BackupMode mode;
  private final List<String> held = new ArrayList<>();

  private QuiescedUsers(ContainerRuntime containers, BackupMode mode) {
    this.containers = containers;
    this.mode = mode;
  }

  /** Pauses or stops (per {@code mode}) the running ones of {@code users}; nothing for live. */
  static QuiescedUsers hold(ContainerRuntime containers, List<String> users, BackupMode mode) throws IOException {
    QuiescedUsers quiesced = new QuiescedUsers(containers, mode);
    if (mode == BackupMode.LIVE) {
      return quiesced;
    }
    try {
      for (String id : users) {
        Container container = containers.get(id);
        if (!container.isRunning() || container.status() == ContainerStatus.PAUSED) {
          continue;
        }
        if (mode == BackupMode.PAUSE) {
          containers.pause(id);
        } else {
          containers.stop(id, null);
        }
        quiesced.held.add(id);
      }
    } catch (IOException | RuntimeException e) {
      quiesced.close();
      throw e;
    }
    return quiesced;
  }

  /** The containers held (ids). */
  List<String> held() {
    return List.copyOf(held);
  }

  /** Thaws or starts again every container held. */
  @Override
  public void close() {
    for (String id : held) {
      try {
        if (mode == BackupMode.PAUSE) {
          containers.unpause(id);
        } else {
          containers.start(id);
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "cannot bring back container " + id + " after a backup", e);
      }
    }
    held.clear();
  }
}
