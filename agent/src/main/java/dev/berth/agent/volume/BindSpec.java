package dev.berth.agent.volume;

import java.util.List;
import java.util.Set;

/**
 * One {@code -v} / {@code HostConfig.Binds} entry parsed as dockerd's Linux parser reads it:
 * {@code /container/path} (an anonymous volume), {@code name:/path[:mode]} (a named volume),
 * {@code /host/path:/path[:mode]} (a bind); the mode a comma-separated list of at most one each of
 * {@code ro|rw}, {@code z|Z}, a propagation and {@code nocopy}.
 *
 * @param source the host path or volume name; empty for an anonymous volume
 * @param destination the normalised path in the container
 * @param mode the mode text as given (empty when none)
 * @param readOnly {@code ro}
 * @param propagation the propagation given, else empty
 * @param noCopy {@code nocopy}: no copy-up into a new volume
 */
record BindSpec(String source, String destination, String mode, boolean readOnly, String propagation, boolean noCopy) {
  static final Set<String> PROPAGATIONS = Set.of("shared", "rshared", "slave", "rslave", "private", "rprivate");

  /** Whether it names a host path (a bind) rather than a volume. */
  boolean isBind() {
    return source.startsWith("/");
  }

  /** Parses {@code raw}, refusing what dockerd refuses in its words. */
  static BindSpec parse(String raw) {
    String[] parts = raw.split(":", -1);
    String source;
    String destination;
    String mode = "";
    switch (parts.length) {
      case 1 -> { source = ""; destination = parts[0]; }
      case 2 -> {
        if (validMode(parts[1]) && !parts[1].startsWith("/")) {
          source = ""; destination = parts[0]; mode = parts[1];
        } else {
          source = parts[0]; destination = parts[1];
        }
      }
      case 3 -> { source = parts[0]; destination = parts[1]; mode = parts[2]; }
      default -> throw new IllegalArgumentException("invalid volume specification: '" + raw + "'");
    }
    boolean sourceGiven = parts.length == 3 || (parts.length == 2 && mode.isEmpty());
    if (destination.isEmpty() || (sourceGiven && source.isEmpty())) {
      throw new IllegalArgumentException("invalid volume specification: '" + raw + "'");
    }
    if (!validMode(mode)) {
      throw new IllegalArgumentException("invalid mode: " + mode);
    }
    String type = source.startsWith("/") ? MountPoint.BIND : MountPoint.VOLUME;
    String target = MountTargets.check(destination, type, "invalid volume specification: '" + raw + "': ");
    if (!source.isEmpty() && !source.startsWith("/")) {
      VolumeNames.check(source);
    }
    List<String> flags = List.of(mode.isEmpty() ? new String[0] : mode.split(","));
    String propagation = flags.stream().filter(PROPAGATIONS::contains).findFirst().orElse("");
    if (!propagation.isEmpty() && type.equals(MountPoint.VOLUME)) {
      throw new IllegalArgumentException("invalid volume specification: '" + raw
          + "': propagation can only be set on bind mounts");
    }
    return new BindSpec(source, target, mode, flags.contains("ro"), propagation, flags.contains("nocopy"));
  }

  // dockerd's linuxValidMountMode: known flags, at most one of each kind
  static boolean validMode(String mode) {
    if (mode.isEmpty()) {
      return true;
    }
    int rw = 0;
    int label = 0;
    int propagation = 0;
    int copy = 0;
    for (String flag : mode.split(",", -1)) {
      switch (flag) {
        case "ro", "rw" -> rw++;
        case "z", "Z" -> label++;
        case "nocopy" -> copy++;
        default -> {
          if (!PROPAGATIONS.contains(flag)) {
            return false;
          }
          propagation++;
        }
      }
    }
    return rw <= 1 && label <= 1 && propagation <= 1 && copy <= 1;
  }
}
