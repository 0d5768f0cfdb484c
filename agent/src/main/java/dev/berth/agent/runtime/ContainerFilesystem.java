package dev.berth.agent.runtime;

import dev.berth.agent.content.Digest;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import dev.berth.agent.snapshot.ActiveSnapshot;
import dev.berth.agent.snapshot.OverlaySnapshotter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One container's files as the host sees them, for export, diff, commit and copy: its root
 * filesystem (the overlay mount, mounted again if a reboot left it unmounted), its writable layer
 * (the snapshot's upper directory) over the image's layers, and the mount points runc makes in
 * it. Mounts inside the container (/proc, /dev, /sys) are not part of it. {@link #frozen} holds
 * the container's processes still while something must see its files unchanging, as
 * {@code docker commit --pause} does.
 */
public final class ContainerFilesystem {
  private final Container container;
  private final ContainerDirectory dir;
  private final OverlaySnapshotter snapshots;
  private final Runc runc;

  ContainerFilesystem(Container container, ContainerDirectory dir, OverlaySnapshotter snapshots, Runc runc) {
    this.container = container;
    this.dir = dir;
    this.snapshots = snapshots;
    this.runc = runc;
  }

  /** Something done with the files that may fail. */
  @FunctionalInterface
  public interface Operation<T> {
    /** Does it. */
    T run() throws IOException;
  }

  /** The container, as it stood when this was made. */
  public Container container() {
    return container;
  }

  /** The root filesystem's mount point, mounted if it was not. */
  public Path rootfs() throws IOException {
    ActiveSnapshot snapshot = snapshot();
    if (!snapshots.isMounted(dir.rootfs())) {
      snapshots.mount(snapshot, dir.rootfs());
    }
    return dir.rootfs();
  }

  /** The writable layer: overlay's upper directory, whiteouts and all. */
  public Path upper() throws IOException {
    return snapshot().upper();
  }

  /** The image's unpacked layers, top first (read them, never write them). */
  public List<Path> lowers() throws IOException {
    List<Digest> parents = snapshot().parents();
    List<Path> lowers = new ArrayList<>(parents.size());
    for (int i = parents.size() - 1; i >= 0; i--) {
      lowers.add(snapshots.layerPath(parents.get(i)));
    }
    return lowers;
  }

  /** Where runc mounts something in the container ({@code /proc}, {@code /dev}…), as absolute paths. */
  public Set<String> mountPoints() throws IOException {
    RuntimeSpec spec = ContainerJson.mapper().readValue(dir.specFile().toFile(), RuntimeSpec.class);
    Set<String> points = new LinkedHashSet<>();
    for (RuntimeSpec.Mount mount : spec.mounts() == null ? List.<RuntimeSpec.Mount>of() : spec.mounts()) {
      points.add(Path.of("/").resolve(mount.destination()).normalize().toString());
    }
    return points;
  }

  /** Runs {@code operation} with the container's processes frozen if it is running (a paused one stays paused). */
  public <T> T frozen(Operation<T> operation) throws IOException {
    boolean freeze = runc.status(container.id()).filter("running"::equals).isPresent();
    if (freeze) {
      runc.pause(container.id());
    }
    try {
      return operation.run();
    } finally {
      if (freeze) {
        runc.resume(container.id());
      }
    }
  }

  private ActiveSnapshot snapshot() throws IOException {
    return snapshots.active(container.id())
        .orElseThrow(() -> new NoSuchFileException("container " + container.id() + " has no writable layer"));
  }
}
