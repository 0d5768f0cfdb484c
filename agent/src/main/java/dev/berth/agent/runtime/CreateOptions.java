package dev.berth.agent.runtime;

import dev.berth.agent.volume.MountPoint;
import dev.berth.agent.volume.MountRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code docker create} asks for, besides the image's own config. Null or empty parts fall
 * back to the image or to Docker's defaults. Build one with {@link #builder(String)}.
 *
 * @param image the image reference or id, as given
 * @param name the container name; null to generate one
 * @param cmd the command after the image; empty: the image's CMD
 * @param entrypoint {@code --entrypoint}; null: the image's; empty or {@code [""]}: none. Given, it clears the image's CMD
 * @param env {@code KEY=value} overrides of the image's environment
 * @param workingDir {@code -w}; null: the image's, else /
 * @param user {@code -u}: {@code name}, {@code uid}, {@code uid:gid} or {@code name:group}; null: the image's
 * @param hostname {@code -h}; null: the first 12 characters of the id
 * @param tty {@code -t}
 * @param openStdin {@code -i}
 * @param networkMode {@code bridge} (default), {@code none}, {@code host} or {@code container:<name|id>}
 * @param capAdd {@code --cap-add} (with or without CAP_, or ALL)
 * @param capDrop {@code --cap-drop} (with or without CAP_, or ALL)
 * @param privileged {@code --privileged}
 * @param readOnlyRootfs {@code --read-only}
 * @param noNewPrivileges {@code --security-opt no-new-privileges}
 * @param limits cgroup limits
 * @param ulimits {@code --ulimit} rlimits beyond the default, clamped to the host's hard limits like it
 * @param stopSignal {@code --stop-signal}; null: the image's, else SIGTERM
 * @param stopTimeout {@code --stop-timeout} in seconds; null: 10
 * @param labels {@code --label}
 * @param restartPolicy {@code --restart}; null: no
 * @param autoRemove {@code --rm}: the container is removed when it exits (not with a restart policy)
 * @param stdinOnce stdin closes when the attached client's input ends ({@code docker run -i} sets it when attached)
 * @param tmpfs {@code --tmpfs}: container path to mount options (may be empty)
 * @param init {@code --init}: a small init (tini) runs as PID 1, reaping zombies and forwarding signals
 * @param healthcheck {@code --health-*}, {@code --no-healthcheck}; after create, merged with the image's; null: none
 * @param mounts {@code -v}, {@code --mount}, {@code --volumes-from} and {@code Config.Volumes}, as given
 * @param mountPoints what those resolved to at create (volumes made, volumes-from followed); empty before
 * @param network published ports, DNS and hosts entries ({@link NetworkOptions})
 * @param seccomp {@code --security-opt seccomp=}: null for Docker's default profile, {@code unconfined}, or a
 *     profile's JSON (the CLI sends the file's content)
 */
public record CreateOptions(String image, String name, List<String> cmd, List<String> entrypoint, List<String> env,
    String workingDir, String user, String hostname, boolean tty, boolean openStdin, String networkMode,
    List<String> capAdd, List<String> capDrop, boolean privileged, boolean readOnlyRootfs, boolean noNewPrivileges,
    ResourceLimits limits, List<Ulimit> ulimits, String stopSignal, Integer stopTimeout, Map<String, String> labels,
    RestartPolicy restartPolicy, boolean autoRemove, boolean stdinOnce, Map<String, String> tmpfs, boolean init,
    HealthConfig healthcheck, MountRequest mounts, List<MountPoint> mountPoints, NetworkOptions network,
    String seccomp) {

  /** An rlimit by Docker's short name ({@code nofile}, {@code nproc}…). */
  public record Ulimit(String name, long soft, long hard) {}

  /** Copies the lists and fills defaults. */
  public CreateOptions {
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("an image is required");
    }
    cmd = cmd == null ? List.of() : List.copyOf(cmd);
    entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    env = env == null ? List.of() : List.copyOf(env);
    networkMode = networkMode == null || networkMode.isEmpty() || networkMode.equals("default") ? "bridge" : networkMode;
    capAdd = capAdd == null ? List.of() : List.copyOf(capAdd);
    capDrop = capDrop == null ? List.of() : List.copyOf(capDrop);
    limits = limits == null ? ResourceLimits.NONE : limits;
    ulimits = ulimits == null ? List.of() : List.copyOf(ulimits);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    restartPolicy = restartPolicy == null ? RestartPolicy.NO : restartPolicy;
    tmpfs = tmpfs == null ? Map.of() : Map.copyOf(tmpfs);
    mounts = mounts == null ? MountRequest.NONE : mounts;
    mountPoints = mountPoints == null ? List.of() : List.copyOf(mountPoints);
    network = network == null ? NetworkOptions.NONE : network;
    if (autoRemove && !restartPolicy.isNone()) {
      throw new IllegalArgumentException("can't create 'AutoRemove' container with restart policy");
    }
  }

  /** The container whose network this one joins ({@code --network container:<name|id>}), if any. */
  public Optional<String> networkContainer() {
    return networkMode.startsWith(CONTAINER_NETWORK) ? Optional.of(networkMode.substring(CONTAINER_NETWORK.length()))
        : Optional.empty();
  }

  /** The prefix of a network mode that joins another container's network. */
  public static final String CONTAINER_NETWORK = "container:";

  /** The stop signal, SIGTERM when none was given. */
  public String stopSignalOrDefault() {
    return stopSignal == null || stopSignal.isEmpty() ? "TERM" : stopSignal;
  }

  /** The stop timeout, 10 s when none was given. */
  public java.time.Duration stopTimeoutOrDefault() {
    return java.time.Duration.ofSeconds(stopTimeout == null ? 10 : stopTimeout);
  }

  /** A builder for a container of {@code image}. */
  public static Builder builder(String image) {
    return new Builder(image);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(image);
    b.name = name; b.cmd = cmd; b.entrypoint = entrypoint; b.env = env; b.workingDir = workingDir; b.user = user;
    b.hostname = hostname; b.tty = tty; b.openStdin = openStdin; b.networkMode = networkMode; b.capAdd = capAdd;
    b.capDrop = capDrop; b.privileged = privileged; b.readOnlyRootfs = readOnlyRootfs;
    b.noNewPrivileges = noNewPrivileges; b.limits = limits; b.ulimits = ulimits; b.stopSignal = stopSignal;
    b.stopTimeout = stopTimeout; b.labels = labels; b.restartPolicy = restartPolicy; b.autoRemove = autoRemove;
    b.stdinOnce = stdinOnce;
    b.tmpfs = tmpfs;
    b.init = init;
    b.healthcheck = healthcheck;
    b.mounts = mounts;
    b.mountPoints = mountPoints;
    b.network = network;
    b.seccomp = seccomp;
    return b;
  }

  /** Builds {@link CreateOptions} field by field. */
  public static final class Builder {
    private final String image;
    private String name;
    private List<String> cmd = List.of();
    private List<String> entrypoint;
    private List<String> env = new ArrayList<>();
    private String workingDir;
    private String user;
    private String hostname;
    private boolean tty;
    private boolean openStdin;
    private String networkMode;
    private List<String> capAdd = List.of();
    private List<String> capDrop = List.of();
    private boolean privileged;
    private boolean readOnlyRootfs;
    private boolean noNewPrivileges;
    private ResourceLimits limits = ResourceLimits.NONE;
    private List<Ulimit> ulimits = List.of();
    private String stopSignal;
    private Integer stopTimeout;
    private Map<String, String> labels = new LinkedHashMap<>();
    private RestartPolicy restartPolicy;
    private boolean autoRemove;
    private boolean stdinOnce;
    private Map<String, String> tmpfs = Map.of();
    private boolean init;
    private HealthConfig healthcheck;
    private MountRequest mounts = MountRequest.NONE;
    private List<MountPoint> mountPoints = List.of();
    private NetworkOptions network;
    private String seccomp;

    private Builder(String image) {
      this.image = image;
    }

    /** Sets the name. */
    public Builder name(String value) { name = value; return this; }
    /** Sets the command. */
    public Builder cmd(String... value) { cmd = List.of(value); return this; }
    /** Sets the entrypoint (clearing the image's CMD). */
    public Builder entrypoint(String... value) { entrypoint = List.of(value); return this; }
    /** Sets the environment overrides. */
    public Builder env(String... value) { env = List.of(value); return this; }
    /** Sets the working directory. */
    public Builder workingDir(String value) { workingDir = value; return this; }
    /** Sets the user. */
    public Builder user(String value) { user = value; return this; }
    /** Sets the hostname. */
    public Builder hostname(String value) { hostname = value; return this; }
    /** Sets whether a terminal is allocated. */
    public Builder tty(boolean value) { tty = value; return this; }
    /** Sets whether stdin stays open. */
    public Builder openStdin(boolean value) { openStdin = value; return this; }
    /** Sets the network mode. */
    public Builder networkMode(String value) { networkMode = value; return this; }
    /** Sets the capabilities to add. */
    public Builder capAdd(String... value) { capAdd = List.of(value); return this; }
    /** Sets the capabilities to drop. */
    public Builder capDrop(String... value) { capDrop = List.of(value); return this; }
    /** Sets privileged mode. */
    public Builder privileged(boolean value) { privileged = value; return this; }
    /** Sets a read-only root filesystem. */
    public Builder readOnlyRootfs(boolean value) { readOnlyRootfs = value; return this; }
    /** Sets no-new-privileges. */
    public Builder noNewPrivileges(boolean value) { noNewPrivileges = value; return this; }
    /** Sets the cgroup limits. */
    public Builder limits(ResourceLimits value) { limits = value; return this; }
    /** Sets the rlimits. */
    public Builder ulimits(Ulimit... value) { ulimits = List.of(value); return this; }
    /** Sets the stop signal. */
    public Builder stopSignal(String value) { stopSignal = value; return this; }
    /** Sets the stop timeout in seconds. */
    public Builder stopTimeout(Integer value) { stopTimeout = value; return this; }
    /** Sets the labels. */
    public Builder labels(Map<String, String> value) { labels = value; return this; }
    /** Sets the restart policy. */
    public Builder restartPolicy(RestartPolicy value) { restartPolicy = value; return this; }
    /** Sets whether the container is removed when it exits. */
    public Builder autoRemove(boolean value) { autoRemove = value; return this; }
    /** Sets whether stdin closes with the attached client's input. */
    public Builder stdinOnce(boolean value) { stdinOnce = value; return this; }
    /** Sets the tmpfs mounts (path to options). */
    public Builder tmpfs(Map<String, String> value) { tmpfs = value; return this; }
    /** Sets whether an init runs as PID 1. */
    public Builder init(boolean value) { init = value; return this; }
    /** Sets the health check. */
    public Builder healthcheck(HealthConfig value) { healthcheck = value; return this; }
    /** Sets the mounts asked for. */
    public Builder mounts(MountRequest value) { mounts = value; return this; }
    /** Sets the resolved mount points. */
    public Builder mountPoints(List<MountPoint> value) { mountPoints = value; return this; }
    /** Sets the published ports, DNS and hosts entries. */
    public Builder network(NetworkOptions value) { network = value; return this; }
    /** Sets the seccomp profile ({@code unconfined} or a profile's JSON; null: Docker's default). */
    public Builder seccomp(String value) { seccomp = value; return this; }

    /** The options. */
    public CreateOptions build() {
      return new CreateOptions(image, name, cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin,
          networkMode, capAdd, capDrop, privileged, readOnlyRootfs, noNewPrivileges, limits, ulimits, stopSignal,
          stopTimeout, labels, restartPolicy, autoRemove, stdinOnce, tmpfs, init, healthcheck, mounts, mountPoints,
          network, seccomp);
    }
  }
}
