package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.LinuxSpec.Device;
import dev.berth.agent.runtime.oci.LinuxSpec.DeviceRule;
import dev.berth.agent.runtime.oci.RuntimeSpec.Mount;
import java.util.ArrayList;
import java.util.List;

/**
 * What every Docker container gets (moby {@code oci.DefaultLinuxSpec} and {@code daemon/oci_linux.go}):
 * the kernel file systems, the /proc and /sys paths hidden or read-only, the device nodes and the
 * device cgroup rules.
 */
public final class DockerDefaults {
  /** Paths masked (an empty read-only file or directory is mounted over them). */
  public static final List<String> MASKED_PATHS = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
      "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
      "/sys/firmware", "/sys/devices/virtual/powercap");

  /** Paths remounted read-only. */
  public static final List<String> READONLY_PATHS = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
      "/proc/sysrq-trigger");

  private static final long SHM_SIZE_KB = 65_536;

  private DockerDefaults() {}

  /** /proc, /dev, /dev/pts, /sys (read-only unless privileged), its cgroups, /dev/mqueue, /dev/shm. */
  public static List<Mount> mounts(boolean privileged) {
    String sysMode = privileged ? "rw" : "ro";
    return List.of(
        new Mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        new Mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        new Mount("/dev/pts", "devpts", "devpts",
            List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        new Mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", sysMode)),
        new Mount("/sys/fs/cgroup", "cgroup", "cgroup", List.of(sysMode, "nosuid", "noexec", "nodev")),
        new Mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        new Mount("/dev/shm", "tmpfs", "shm",
            List.of("nosuid", "noexec", "nodev", "mode=1777", "size=" + SHM_SIZE_KB + "k")));
  }

  /** /dev/null, zero, full, random, urandom and tty, 0666 root-owned. */
  public static List<Device> devices() {
    return List.of(device("/dev/null", 1, 3), device("/dev/zero", 1, 5), device("/dev/full", 1, 7),
        device("/dev/random", 1, 8), device("/dev/urandom", 1, 9), device("/dev/tty", 5, 0));
  }

  /**
   * Deny every device, then allow the default nodes, the console, ptys and ptmx, keep fuse denied,
   * and allow mknod of any. Privileged containers may use every device.
   */
  public static List<DeviceRule> deviceRules(boolean privileged) {
    if (privileged) {
      return List.of(new DeviceRule(true, "a", null, null, "rwm"));
    }
    List<DeviceRule> rules = new ArrayList<>();
    rules.add(new DeviceRule(false, "a", null, null, "rwm"));
    for (Device device : devices()) {
      rules.add(new DeviceRule(true, "c", device.major(), device.minor(), "rwm"));
    }
    rules.add(new DeviceRule(true, "c", 5L, 1L, "rwm")); // /dev/console
    rules.add(new DeviceRule(true, "c", 136L, null, "rwm")); // /dev/pts/*
    rules.add(new DeviceRule(true, "c", 5L, 2L, "rwm")); // /dev/ptmx
    rules.add(new DeviceRule(false, "c", 10L, 229L, "rwm")); // /dev/fuse
    // after the fuse rule: cgroup v1 cannot deny one device inside a wildcard allowed before
    rules.add(new DeviceRule(true, "c", null, null, "m"));
    rules.add(new DeviceRule(true, "b", null, null, "m"));
    return rules;
  }

  private static Device device(String path, long major, long minor) {
    return new Device("c", path, major, minor, 0666, 0, 0);
  }
}
