package dev.berth.agent.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A container's cgroup, read from the cgroup file system: its processes and its counters. The
 * same cgroup path names one directory on a cgroup v2 host and one per controller on a v1 (or
 * hybrid) host; {@link #of} picks the reader for the host.
 */
public interface Cgroup {
  /** Where the cgroup hierarchies are mounted. */
  Path ROOT = Path.of("/sys/fs/cgroup");

  /** The pids (host namespace) of every process in the cgroup and in the cgroups below it. */
  List<Long> processes() throws IOException;

  /** Reads the counters now; fails when the cgroup is gone (its container stopped). */
  CgroupSample sample() throws IOException;

  /**
   * Whether this host can limit swap (memory+swap), as dockerd's sysinfo decides: cgroup v1's
   * {@code memory.memsw.limit_in_bytes}, or cgroup v2's {@code memory.swap.max} in the agent's own cgroup.
   */
  static boolean swapLimitSupported() {
    if (!Files.exists(ROOT.resolve("cgroup.controllers"))) {
      return Files.exists(ROOT.resolve("memory/memory.memsw.limit_in_bytes"));
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
        if (line.startsWith("0::/")) {
          return Files.exists(ROOT.resolve(line.substring(4)).resolve("memory.swap.max"));
        }
      }
    } catch (java.io.IOException unreadable) {
      // as without
    }
    return false;
  }

  /** The cgroup at {@code cgroupsPath} (an OCI spec's absolute {@code linux.cgroupsPath}) on this host. */
  static Cgroup of(String cgroupsPath) {
    return of(ROOT, cgroupsPath);
  }

  /** The cgroup at {@code cgroupsPath} under hierarchies mounted at {@code root}. */
  static Cgroup of(Path root, String cgroupsPath) {
    // runc's systemd driver names cgroups "slice:prefix:name"; Berth writes cgroupfs paths only.
    if (cgroupsPath == null || !cgroupsPath.startsWith("/") || cgroupsPath.contains(":")
        || List.of(cgroupsPath.split("/")).contains("..")) {
      throw new IllegalArgumentException("not an absolute cgroupfs path: " + cgroupsPath);
    }
    String relative = cgroupsPath.substring(1);
    return Files.exists(root.resolve("cgroup.controllers")) ? new CgroupV2(root.resolve(relative))
        : new CgroupV1(root, relative);
  }
}
