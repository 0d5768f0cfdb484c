package dev.berth.agent.volume;

import dev.berth.agent.events.EngineEvents;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.events.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The volumes of this host ({@code docker volume …}): create (idempotent by name, as dockerd),
 * inspect, list, remove (refused while any container, running or not, uses the volume), prune,
 * and the mounts of volumes with driver options. What happens is published as volume events.
 */
public final class VolumeService {
  private final VolumeStore store;
  private final VolumeMounts mounts;
  private final EngineEvents events;
  private volatile VolumeUsers users = VolumeUsers.NONE;
  private volatile Runnable onChange = () -> { };

  /** The volumes of {@code store}, publishing to {@code events}. */
  public VolumeService(VolumeStore store, EngineEvents events) {
    this.store = store;
    this.mounts = new VolumeMounts(store);
    this.events = events;
  }

  /** Runs {@code listener} (quickly) whenever a volume is created or removed. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** From now on, "in use" is answered by {@code containers}. */
  public void bind(VolumeUsers containers) {
    this.users = containers;
  }

  /**
   * {@code docker volume create}: a volume named {@code name} (null or empty: a generated name)
   * with the local driver's {@code options}; an existing volume of that name is returned as it is.
   */
  public Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options)
      throws IOException {
    return create(name, driver, labels, options, false);
  }

  /** A new anonymous volume (generated name, labelled as dockerd labels them), for a container. */
  public Volume createAnonymous() throws IOException {
    return create(null, Volume.LOCAL, Map.of(Volume.ANONYMOUS_LABEL, ""), null, true);
  }

  /** The volume {@code name}; 404's words when there is none. */
  public Volume get(String name) throws IOException {
    return store.get(name).orElseThrow(() -> new VolumeNotFoundException(name));
  }

  /** Every volume, by name. */
  public List<Volume> list() throws IOException {
    return store.list();
  }

  /** Where the volume's content is. */
  public Path dataDir(String name) {
    return store.dataDir(name);
  }

  /** A fresh directory to extract a restore into (see {@link #restore}); the caller deletes it on failure. */
  public Path newStagingDir() throws IOException {
    return store.newStagingDir();
  }

  /**
   * Refuses a restore into volume {@code name} before anything is read: a volume mounted from
   * driver options, one a container with a process uses, or one with content unless {@code replace}.
   * A volume that does not exist is fine: the restore creates it.
   */
  public void checkRestorable(String name, boolean replace) throws IOException {
    VolumeNames.check(name);
    Optional<Volume> volume = store.get(name);
    if (volume.isEmpty()) {
      return;
    }
    if (volume.get().mountOptions().isPresent()) {
      throw new IllegalArgumentException("restore " + name + ": the volume is mounted from driver options");
    }
    List<String> live = users.all().stream().filter(u -> u.volume().equals(name) && u.live())
        .map(VolumeUsers.User::containerId).distinct().toList();
    if (!live.isEmpty()) {
      throw new VolumeInUseException("restore " + name, "volume is in use by running containers", live);
    }
    if (!replace && !store.isEmpty(name)) {
      throw new VolumeInUseException("restore " + name, "volume is not empty (restore with replace to overwrite it)",
          List.of());
    }
  }

  /**
   * Makes the fully extracted {@code staged} the content of volume {@code name} in one step
   * (rename exchange), creating the volume with {@code labels} when it does not exist, checked
   * again as {@link #checkRestorable}; the old content is at {@code staged} after, for the caller to delete.
   */
  public Volume restore(String name, Map<String, String> labels, Path staged, boolean replace) throws IOException {
    Volume volume;
    boolean created = false;
    synchronized (this) {
      checkRestorable(name, replace);
      Optional<Volume> existing = store.get(name);
      if (existing.isPresent()) {
        volume = existing.get();
      } else {
        volume = store.create(new Volume(name, Volume.LOCAL, labels == null || labels.isEmpty() ? null : labels, null,
            Instant.now().truncatedTo(ChronoUnit.SECONDS), false));
        created = true;
      }
      store.swapData(name, staged);
    }
    if (created) {
      events.publish(EventType.VOLUME, EventAction.CREATE, name, Map.of("driver", Volume.LOCAL));
    }
    onChange.run();
    return volume;
  }

  /** The containers using each volume (running or not), in the order found. */
  public Map<String, List<String>> usersByVolume() {
    Map<String, List<String>> byVolume = new LinkedHashMap<>();
    for (VolumeUsers.User user : users.all()) {
      List<String> ids = byVolume.computeIfAbsent(user.volume(), v -> new ArrayList<>());
      if (!ids.contains(user.containerId())) {
        ids.add(user.containerId());
      }
    }
    return byVolume;
  }

  /**
   * {@code docker volume rm}: refused while a container uses it; a missing one is an error unless
   * {@code force} (dockerd's only use of force here).
   */
  public void remove(String name, boolean force) throws IOException {
    Optional<Volume> volume = store.get(name);
    if (volume.isEmpty()) {
      if (force) {
        return;
      }
      throw new VolumeNotFoundException(name);
    }
    List<String> using = usersByVolume().getOrDefault(name, List.of());
    if (!using.isEmpty()) {
      throw new VolumeInUseException(name, using);
    }
    mounts.unmount(name);
    store.delete(name);
    events.publish(EventType.VOLUME, EventAction.DESTROY, name, Map.of("driver", volume.get().driver()));
    onChange.run();
  }

  /**
   * {@code docker volume prune}: removes the unused volumes {@code accept} takes (anonymous ones
   * only unless {@code all}); returns the names removed and the bytes their content held.
   */
  public PruneResult prune(boolean all, Predicate<Volume> accept) throws IOException {
    Map<String, List<String>> using = usersByVolume();
    List<String> deleted = new ArrayList<>();
    long reclaimed = 0;
    for (Volume volume : store.list()) {
      if (using.containsKey(volume.name()) || (!all && !volume.anonymous()) || !accept.test(volume)) {
        continue;
      }
      long size = store.size(volume.name());
      try {
        remove(volume.name(), false);
      } catch (VolumeNotFoundException | VolumeInUseException raced) {
        continue;
      }
      deleted.add(volume.name());
      reclaimed += size;
    }
    events.publish(EventType.VOLUME, EventAction.PRUNE, "", Map.of("reclaimed", Long.toString(reclaimed)));
    return new PruneResult(deleted, reclaimed);
  }

  /** What a prune removed: the volumes' names and the bytes their content held. */
  public record PruneResult(List<String> deleted, long reclaimed) {}

  /** Mounts {@code volume} for container {@code containerId} if it has driver options and is not mounted. */
  public void mountFor(String containerId, Volume volume) throws IOException {
    mounts.hold(containerId, volume);
  }

  /** Container {@code containerId} is gone or listed now: its volumes' mounts follow the containers' states. */
  public void released(String containerId) {
    mounts.release(containerId);
  }

  /** Unmounts the mounted volumes no container with a process uses (after containers changed). */
  public void settleMounts() throws IOException {
    List<Volume> mountable = store.list().stream().filter(volume -> volume.mountOptions().isPresent()).toList();
    if (!mountable.isEmpty()) {
      mounts.settle(mountable, users.all());
    }
  }

  private Volume create(String name, String driver, Map<String, String> labels, Map<String, String> options,
      boolean anonymous) throws IOException {
    if (driver != null && !driver.isEmpty() && !driver.equals(Volume.LOCAL)) {
      throw new VolumeDriverNotFoundException(driver);
    }
    LocalDriverOptions.of(options);
    String chosen = name == null || name.isEmpty() ? VolumeNames.generate() : name;
    VolumeNames.check(chosen);
    synchronized (this) {
      Optional<Volume> existing = store.get(chosen);
      if (existing.isPresent()) {
        return existing.get();
      }
      Volume volume = store.create(new Volume(chosen, Volume.LOCAL, labels, options,
          Instant.now().truncatedTo(ChronoUnit.SECONDS), anonymous));
      events.publish(EventType.VOLUME, EventAction.CREATE, chosen, Map.of("driver", Volume.LOCAL));
      onChange.run();
      return volume;
    }
  }
}
