package dev.berth.agent.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A container's mount points from what its create asked, in dockerd's order and precedence:
 * {@code --volumes-from} first, then {@code -v} binds and {@code --mount}s (the same destination
 * twice among these is refused), then an anonymous volume for each {@code Config.Volumes} and image
 * {@code VOLUME} path nothing else is mounted on. Everything is checked before anything is made;
 * then named volumes are made when missing, anonymous ones always, and a missing {@code -v} host
 * directory is created (a missing {@code --mount} bind source is an error, as in dockerd).
 */
final class MountResolver {
  /** Looks up the mount points of another container ({@code --volumes-from}); fails as the runtime fails. */
  @FunctionalInterface
  interface SourceContainers {
    /** The saved mount points of the container {@code nameOrId}. */
    List<MountPoint> mountPointsOf(String nameOrId) throws IOException;
  }

  private final VolumeService volumes;
  private final SourceContainers containers;

  MountResolver(VolumeService volumes, SourceContainers containers) {
    this.volumes = volumes;
    this.containers = containers;
  }

  // A mount point still to be made: its volume (if any) is created by make().
  private interface Planned {
    MountPoint make(Consumer<String> anonymousMade) throws IOException;
  }

  /** The mount points for {@code request} over an image with {@code imageVolumes}; anonymous volumes made are undone on failure. */
  List<MountPoint> resolve(MountRequest request, Collection<String> imageVolumes) throws IOException {
    Map<String, Planned> planned = new LinkedHashMap<>();
    for (String from : request.volumesFrom()) {
      String[] parts = from.split(":", -1);
      if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && !parts[1].equals("ro") && !parts[1].equals("rw"))) {
        throw new IllegalArgumentException(parts.length == 2 ? "invalid mode: " + parts[1]
            : "invalid volumes-from specification: '" + from + "'");
      }
      boolean readOnly = parts.length == 2 && parts[1].equals("ro");
      for (MountPoint inherited : containers.mountPointsOf(parts[0])) {
        MountPoint point = inherited.inherited(readOnly);
        planned.put(point.destination(), made -> point);
      }
    }
    Set<String> given = new HashSet<>();
    for (String raw : request.binds()) {
      BindSpec bind = BindSpec.parse(raw);
      claim(given, bind.destination());
      planned.put(bind.destination(), made -> bind(bind, made));
    }
    for (MountSpec mount : request.mounts()) {
      String target = checkMount(mount);
      claim(given, target);
      planned.put(target, made -> mount(mount, target, made));
    }
    List<String> anonymous = new ArrayList<>(request.volumes());
    anonymous.addAll(imageVolumes);
    for (String path : anonymous) {
      String target = MountTargets.check(path, MountPoint.VOLUME, "");
      planned.putIfAbsent(target, made -> volume(volumes.createAnonymous(), target, "", true, true, made));
    }
    List<String> madeAnonymous = new ArrayList<>();
    List<MountPoint> points = new ArrayList<>();
    try {
      for (Planned plan : planned.values()) {
        points.add(plan.make(madeAnonymous::add));
      }
    } catch (IOException | RuntimeException e) {
      for (String name : madeAnonymous) {
        try {
          volumes.remove(name, true);
        } catch (IOException | RuntimeException ignored) {
          e.addSuppressed(ignored);
        }
      }
      throw e;
    }
    return points;
  }

  private MountPoint bind(BindSpec bind, Consumer<String> anonymousMade) throws IOException {
    String mode = bind.mode();
    if (bind.isBind()) {
      Path source = Path.of(bind.source()).normalize();
      if (!Files.exists(source)) {
        Files.createDirectories(source, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      }
      return new MountPoint(MountPoint.BIND, "", source.toString(), bind.destination(), "", mode, !bind.readOnly(),
          bind.propagation().isEmpty() ? "rprivate" : bind.propagation(), false, "");
    }
    Volume volume = bind.source().isEmpty() ? volumes.createAnonymous() : volumes.create(bind.source(), Volume.LOCAL, null, null);
    return volume(volume, bind.destination(), bind.source().isEmpty() || !mode.isEmpty() ? mode : "z", !bind.readOnly(),
        !bind.noCopy(), anonymousMade);
  }

  private MountPoint mount(MountSpec mount, String target, Consumer<String> anonymousMade) throws IOException {
    switch (mount.type()) {
      case MountPoint.BIND -> {
        MountSpec.BindOptions options = mount.bindOptions();
        String propagation = options == null || options.propagation() == null || options.propagation().isEmpty()
            ? "rprivate" : options.propagation();
        return new MountPoint(MountPoint.BIND, "", Path.of(mount.source()).normalize().toString(), target, "", "",
            !mount.readOnly(), propagation, false, "");
      }
      case MountPoint.VOLUME -> {
        MountSpec.VolumeOptions options = mount.volumeOptions();
        Volume volume;
        if (mount.source() == null || mount.source().isEmpty()) {
          volume = volumes.createAnonymous();
        } else {
          MountSpec.DriverConfig driver = options == null ? null : options.driverConfig();
          volume = volumes.create(mount.source(), driver == null ? null : driver.name(),
              options == null ? null : options.labels(), driver == null ? null : driver.options());
        }
        return volume(volume, target, "", !mount.readOnly(), options == null || !options.noCopy(), anonymousMade);
      }
      default -> {
        MountSpec.TmpfsOptions options = mount.tmpfsOptions();
        List<String> flags = new ArrayList<>();
        if (options != null && options.sizeBytes() > 0) {
          flags.add("size=" + options.sizeBytes());
        }
        if (options != null && options.mode() != 0) {
          flags.add("mode=" + Integer.toOctalString(options.mode()));
        }
        if (mount.readOnly()) {
          flags.add("ro");
        }
        return new MountPoint(MountPoint.TMPFS, "", "", target, "", "", !mount.readOnly(), "", false,
            String.join(",", flags));
      }
    }
  }

  private MountPoint volume(Volume volume, String target, String mode, boolean rw, boolean copyData,
      Consumer<String> anonymousMade) {
    if (volume.anonymous()) {
      anonymousMade.accept(volume.name());
    }
    return new MountPoint(MountPoint.VOLUME, volume.name(), volumes.dataDir(volume.name()).toString(), target, Volume.LOCAL, mode, rw, "", copyData, "");
  }

  // dockerd's validateMountConfig, in its words
  private static String checkMount(MountSpec mount) {
    String type = mount.type() == null ? "" : mount.type();
    String prefix = "invalid mount config for type \"" + type + "\": ";
    if (!List.of(MountPoint.BIND, MountPoint.VOLUME, MountPoint.TMPFS).contains(type)) {
      throw new IllegalArgumentException(prefix + "mount type unknown");
    }
    if (mount.target() == null || mount.target().isEmpty()) {
      throw new IllegalArgumentException(prefix + "field Target must not be empty");
    }
    String target = MountTargets.check(mount.target(), type, "");
    String source = mount.source() == null ? "" : mount.source();
    switch (type) {
      case MountPoint.BIND -> {
        if (mount.volumeOptions() != null) {
          throw new IllegalArgumentException(prefix + "field VolumeOptions must not be specified");
        }
        if (source.isEmpty()) {
          throw new IllegalArgumentException(prefix + "field Source must not be empty");
        }
        if (!source.startsWith("/")) {
          throw new IllegalArgumentException(prefix + "invalid mount path: '" + source + "' mount path must be absolute");
        }
        if (!Files.exists(Path.of(source))) {
          throw new IllegalArgumentException(prefix + "bind source path does not exist: " + source);
        }
      }
      case MountPoint.VOLUME -> {
        if (mount.bindOptions() != null) {
          throw new IllegalArgumentException(prefix + "field BindOptions must not be specified");
        }
        if (!source.isEmpty()) {
          VolumeNames.check(source);
        }
        MountSpec.DriverConfig driver = mount.volumeOptions() == null ? null : mount.volumeOptions().driverConfig();
        if (driver != null) {
          LocalDriverOptions.of(driver.options());
        }
      }
      default -> {
        if (!source.isEmpty()) {
          throw new IllegalArgumentException(prefix + "field Source must not be specified");
        }
      }
    }
    return target;
  }

  private static void claim(Set<String> given, String destination) {
    if (!given.add(destination)) {
      throw new IllegalArgumentException("Duplicate mount point: " + destination);
    }
  }
}
