package dev.berth.agent.runtime;

import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.oci.LinuxSpec;
import dev.berth.agent.runtime.oci.LinuxSpec.Namespace;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes the OCI runtime spec of a container as Docker would run it: argv, environment, user and
 * working directory from the image config and the create options; Docker's mounts, capabilities,
 * masked and read-only paths and devices; namespaces, rlimits (clamped to the host's) and cgroup
 * limits under Berth's cgroup parent. It reads the rootfs's /etc/passwd and /etc/group and creates
 * the working directory there when it is missing.
 */
public final class SpecGenerator {
  private final HostRlimits hostRlimits;
  private final String cgroupParent;
  private final Supplier<String> hostHostname;

  /** A generator clamping rlimits to {@code hostRlimits}, placing cgroups under {@code cgroupParent} (e.g. {@code /berth}). */
  public SpecGenerator(HostRlimits hostRlimits, String cgroupParent, Supplier<String> hostHostname) {
    if (!cgroupParent.startsWith("/")) {
      throw new IllegalArgumentException("cgroup parent must be absolute: " + cgroupParent);
    }
    this.hostRlimits = hostRlimits;
    this.cgroupParent = cgroupParent;
    this.hostHostname = hostHostname;
  }

  /** The cgroup path of container {@code id} (relative to each hierarchy's root). */
  public String cgroupsPath(String id) {
    return cgroupParent + "/" + id;
  }

  /** The spec for container {@code id} with its rootfs mounted at {@code rootfs} (the bundle's {@code rootfs/}). */
  public RuntimeSpec generate(String id, ContainerConfig image, CreateOptions options, Path rootfs) throws IOException {
    ContainerConfig config = image == null ? new ContainerConfig() : image;
    boolean hostNetwork = networkIsHost(options.networkMode());
    List<RuntimeSpec.Mount> mounts = new ArrayList<>(DockerDefaults.mounts(options.privileged()));
    mounts.addAll(TmpfsMounts.of(options.tmpfs()));
    MountPointSpecs.add(options.mountPoints(), mounts);
    String hostname = options.hostname() != null && !options.hostname().isEmpty() ? options.hostname()
        : hostNetwork ? hostHostname.get() : id.substring(0, 12);
    List<String> args = ProcessArgs.combine(config.entrypoint, config.cmd, options.entrypoint(), options.cmd());
    if (options.init()) {
      args = ContainerInit.wrap(args);
      mounts.add(ContainerInit.mount());
    }
    List<String> env = ContainerEnv.build(config.env, options.env(), hostname, options.tty());
    String cwd = workingDir(options.workingDir() != null && !options.workingDir().isEmpty() ? options.workingDir()
        : config.workingDir);
    RootfsPath.createDirectories(rootfs, cwd);
    String userSpec = options.user() != null ? options.user() : config.user;
    ContainerUser user = ContainerUser.resolve(rootfs, userSpec);
    List<String> caps = Capabilities.of(options.capAdd(), options.capDrop(), options.privileged());
    RuntimeSpec.Capabilities capabilities = user.uid() == 0 ? new RuntimeSpec.Capabilities(caps, caps, caps)
        : new RuntimeSpec.Capabilities(caps, null, null); // as moby: the kernel would clear them anyway
    RuntimeSpec.Process process = new RuntimeSpec.Process(options.tty(),
        new RuntimeSpec.User(user.uid(), user.gid(), user.additionalGids()), args, env, cwd, capabilities,
        rlimits(options), options.noNewPrivileges());
    LinuxSpec linux = new LinuxSpec(namespaces(hostNetwork), DockerDefaults.devices(), cgroupsPath(id),
        resources(options), options.privileged() ? List.of() : DockerDefaults.MASKED_PATHS,
        options.privileged() ? List.of() : DockerDefaults.READONLY_PATHS,
        SeccompProfile.forContainer(options.privileged(), options.seccomp(), caps));
    return new RuntimeSpec(RuntimeSpec.VERSION, process, new RuntimeSpec.Root("rootfs", options.readOnlyRootfs()),
        hostname, mounts, linux);
  }

  /**
   * {@code spec} joining the network namespace of the process {@code pid} ({@code --network
   * container:<x>}); done at every start, as the other container's process changes.
   */
  public static RuntimeSpec joiningNetworkOf(RuntimeSpec spec, long pid) {
    List<Namespace> namespaces = new ArrayList<>();
    for (Namespace namespace : spec.linux().namespaces()) {
      namespaces.add(namespace.type().equals("network") ? new Namespace("network", "/proc/" + pid + "/ns/net") : namespace);
    }
    LinuxSpec linux = spec.linux();
    return new RuntimeSpec(spec.ociVersion(), spec.process(), spec.root(), spec.hostname(), spec.mounts(),
        new LinuxSpec(namespaces, linux.devices(), linux.cgroupsPath(), linux.resources(), linux.maskedPaths(),
            linux.readonlyPaths(), linux.seccomp()));
  }

  private static boolean networkIsHost(String mode) {
    if (mode.startsWith(CreateOptions.CONTAINER_NETWORK)) {
      return false; // its own namespace entry, pointed at the other container's at start
    }
    return mode.equals("host"); // none, bridge and user-defined networks have a namespace of their own
  }

  private static String workingDir(String given) {
    if (given == null || given.isEmpty()) {
      return "/";
    }
    if (!given.startsWith("/")) {
      throw new IllegalArgumentException("the working directory '" + given + "' is invalid, it needs to be an absolute path");
    }
    return Path.of(given).normalize().toString();
  }

  private static List<Namespace> namespaces(boolean hostNetwork) {
    List<Namespace> namespaces = new ArrayList<>();
    for (String type : List.of("pid", "ipc", "uts", "mount")) {
      namespaces.add(new Namespace(type, null));
    }
    if (!hostNetwork) {
      namespaces.add(new Namespace("network", null)); // runc brings up its loopback
    }
    return namespaces;
  }

  private List<RuntimeSpec.Rlimit> rlimits(CreateOptions options) {
    Map<String, long[]> wanted = new LinkedHashMap<>();
    wanted.put("RLIMIT_NOFILE", new long[] {HostRlimits.DOCKER_NOFILE, HostRlimits.DOCKER_NOFILE});
    for (CreateOptions.Ulimit ulimit : options.ulimits()) {
      if (ulimit.soft() > ulimit.hard()) {
        throw new IllegalArgumentException("ulimit soft limit must be less than or equal to hard limit: "
            + ulimit.name() + "=" + ulimit.soft() + ":" + ulimit.hard());
      }
      wanted.put(HostRlimits.typeOf(ulimit.name()), new long[] {ulimit.soft(), ulimit.hard()});
    }
    List<RuntimeSpec.Rlimit> rlimits = new ArrayList<>();
    wanted.forEach((type, limits) -> rlimits.add(new RuntimeSpec.Rlimit(type, hostRlimits.clamp(type, limits[1]),
        hostRlimits.clamp(type, limits[0]))));
    return rlimits;
  }

  /** The spec's {@code linux.resources} for {@code options}: device rules and cgroup limits. */
  static LinuxSpec.Resources resources(CreateOptions options) {
    ResourceLimits limits = options.limits();
    LinuxSpec.Memory memory = limits.memory() > 0 ? new LinuxSpec.Memory(limits.memory(), limits.effectiveSwap())
        : null;
    LinuxSpec.Cpu cpu = null;
    if (limits.cpuShares() > 0 || limits.cfsQuota() != 0 || limits.cfsPeriod() != 0) {
      cpu = new LinuxSpec.Cpu(limits.cpuShares() > 0 ? limits.cpuShares() : null,
          limits.cfsQuota() != 0 ? limits.cfsQuota() : null, limits.cfsPeriod() != 0 ? limits.cfsPeriod() : null);
    }
    LinuxSpec.Pids pids = limits.pidsLimit() > 0 ? new LinuxSpec.Pids(limits.pidsLimit()) : null;
    return new LinuxSpec.Resources(DockerDefaults.deviceRules(options.privileged()), memory, cpu, pids);
  }
}
