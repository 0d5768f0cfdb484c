package dev.berth.agent.volume;

import java.util.List;

/**
 * What a container's create asks to have mounted, kept as given (inspect shows it).
 *
 * @param binds {@code HostConfig.Binds}: {@code name:/path[:mode]}, {@code /host/path:/path[:mode]}
 * @param mounts {@code HostConfig.Mounts}
 * @param volumesFrom {@code HostConfig.VolumesFrom}: {@code container[:ro|:rw]}
 * @param volumes {@code Config.Volumes}: paths that get an anonymous volume (the image's VOLUMEs come on top)
 */
public record MountRequest(List<String> binds, List<MountSpec> mounts, List<String> volumesFrom, List<String> volumes) {
  /** Nothing asked. */
  public static final MountRequest NONE = new MountRequest(null, null, null, null);

  /** Copies the lists; null ones are empty. */
  public MountRequest {
    binds = binds == null ? List.of() : List.copyOf(binds);
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
    volumesFrom = volumesFrom == null ? List.of() : List.copyOf(volumesFrom);
    volumes = volumes == null ? List.of() : List.copyOf(volumes);
  }
}
