package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec.Mount;
import dev.berth.agent.volume.MountPoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A container's mount points in its OCI spec, as dockerd writes them: volumes and host paths as
 * {@code rbind} mounts (read-only when asked, {@code rprivate} unless another propagation was
 * given), tmpfs as {@code --tmpfs} mounts them; they replace default mounts at the same path and
 * go parents first.
 */
final class MountPointSpecs {
  private MountPointSpecs() {}

  /** Adds the mounts of {@code points} to {@code mounts} (the defaults and {@code --tmpfs} ones). */
  static void add(List<MountPoint> points, List<Mount> mounts) {
    if (points.isEmpty()) {
      return;
    }
    Set<String> taken = points.stream().map(MountPoint::destination).collect(Collectors.toSet());
    mounts.removeIf(mount -> taken.contains(mount.destination()));
    List<MountPoint> parentsFirst = new ArrayList<>(points);
    parentsFirst.sort(Comparator.comparingInt(point -> Path.of(point.destination()).getNameCount()));
    for (MountPoint point : parentsFirst) {
      if (point.type().equals(MountPoint.TMPFS)) {
        mounts.addAll(TmpfsMounts.of(Map.of(point.destination(), point.tmpfsOptions())));
        continue;
      }
      List<String> options = new ArrayList<>(List.of("rbind",
          point.propagation().isEmpty() ? "rprivate" : point.propagation()));
      if (!point.rw()) {
        options.add("ro");
      }
      mounts.add(new Mount(point.destination(), "bind", point.source(), options));
    }
  }
}
