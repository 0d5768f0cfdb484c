package dev.berth.agent.volume;

/**
 * Where a container has a volume, a host directory or a tmpfs mounted, resolved at create and
 * saved with the container (inspect's {@code Mounts}, "in use", {@code --volumes-from}).
 *
 * @param type {@code volume}, {@code bind} or {@code tmpfs}
 * @param name the volume's name (volume), else empty
 * @param source the host path mounted (a volume's {@code _data}, the bind's directory), empty for tmpfs
 * @param destination the absolute path in the container
 * @param driver {@code local} for volumes, else empty
 * @param mode the mode text given with {@code -v} ({@code ro}, {@code z}…), as inspect shows it
 * @param rw writable
 * @param propagation the bind propagation ({@code rprivate} for binds), empty for volumes
 * @param copyData whether image content at the destination is copied into the volume while it is empty
 * @param tmpfsOptions a tmpfs's mount options ({@code size=…,mode=…}), else empty
 */
public record MountPoint(String type, String name, String source, String destination, String driver, String mode,
    boolean rw, String propagation, boolean copyData, String tmpfsOptions) {
  /** A volume mount. */
  public static final String VOLUME = "volume";
  /** A bind mount of a host path. */
  public static final String BIND = "bind";
  /** A tmpfs. */
  public static final String TMPFS = "tmpfs";

  /** Whether this mounts a volume. */
  public boolean isVolume() {
    return VOLUME.equals(type);
  }

  /** This mount point as {@code --volumes-from} passes it on: never copied into, read-only when asked. */
  MountPoint inherited(boolean readOnly) {
    return new MountPoint(type, name, source, destination, driver, "", rw && !readOnly, propagation, false, tmpfsOptions);
  }
}
