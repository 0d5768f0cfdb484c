package dev.berth.agent.volume;

import dev.berth.util.Log;
import dev.berth.agent.host.HostCommand;
import dev.berth.agent.snapshot.MountTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.lang.System.Logger.Level;

/**
 * The mounts of volumes with driver options (type/device/o), as Docker's local driver keeps them:
 * mounted on {@code _data} when a container first needs it, unmounted when no container with a
 * process uses it any more. Which containers use it is read from their saved mount points
 * ({@link VolumeUsers}); a container being created is not listed yet, so it holds its volumes here
 * until it is ({@link #hold}, {@link #release}).
 */
final class VolumeMounts {
  private static final System.Logger LOG = Log.of(VolumeMounts.class);

  private final VolumeStore store;
  // container id → names of the volumes mounted for it while it was not yet listed
  private final Map<String, Set<String>> held = new HashMap<>();

  VolumeMounts(VolumeStore store) {
    this.store = store;
  }

  /** Mounts {@code volume} when it needs a mount and is not mounted; held for container {@code containerId}. */
  synchronized void hold(String containerId, Volume volume) throws IOException {
    if (volume.mountOptions().isEmpty()) {
      return;
    }
    Path data = store.dataDir(volume.name());
    if (!MountTable.isMountPoint(data)) {
      volume.mountOptions().get().mount(data);
    }
    held.computeIfAbsent(containerId, id -> new HashSet<>()).add(volume.name());
  }

  /** Container {@code containerId} no longer holds volumes (it is listed now, or gone). */
  synchronized void release(String containerId) {
    held.remove(containerId);
  }

  /** Unmounts every mounted volume that neither a container with a process nor a container being made uses. */
  synchronized void settle(List<Volume> volumes, List<VolumeUsers.User> users) {
    users.forEach(user -> held.remove(user.containerId()));
    Set<String> needed = new HashSet<>();
    held.values().forEach(needed::addAll);
    users.stream().filter(VolumeUsers.User::live).forEach(user -> needed.add(user.volume()));
    for (Volume volume : volumes) {
      if (volume.mountOptions().isPresent() && !needed.contains(volume.name())) {
        try {
          unmount(volume.name());
        } catch (IOException e) {
          LOG.log(Level.WARNING, "could not unmount volume " + volume.name(), e);
        }
      }
    }
  }

  /** Undoes the volume's mount, lazily when busy; nothing when it is not mounted. */
  synchronized void unmount(String name) throws IOException {
    Path data = store.dataDir(name);
    if (!MountTable.isMountPoint(data)) {
      return;
    }
    try {
      HostCommand.run(data.getParent(), List.of("umount", data.toString()));
    } catch (IOException busy) {
      HostCommand.run(data.getParent(), List.of("umount", "--lazy", data.toString()));
    }
  }
}
