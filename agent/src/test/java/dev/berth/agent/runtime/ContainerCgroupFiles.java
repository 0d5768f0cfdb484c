package dev.berth.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's cgroup files as the kernel shows them, read directly (not through the runtime's
 * cgroup readers), on cgroup v2 or v1 hosts: its memory limit, CFS quota and freezer state.
 */
public final class ContainerCgroupFiles {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");

  private final String path;

  /** The cgroup of container {@code id} under {@code cgroupParent}. */
  public ContainerCgroupFiles(String cgroupParent, String id) {
    this.path = cgroupParent.substring(1) + "/" + id;
  }

  /** Whether the host has the unified (v2) hierarchy only. */
  public static boolean unified() {
    return Files.exists(ROOT.resolve("cgroup.controllers"));
  }

  /** The memory limit in bytes (memory.max or memory.limit_in_bytes). */
  public String memoryLimit() throws IOException {
    return unified() ? read("memory.max") : read("memory", "memory.limit_in_bytes");
  }

  /** "quota period" (cpu.max, or cpu.cfs_quota_us and cpu.cfs_period_us). */
  public String cpuMax() throws IOException {
    return unified() ? read("cpu.max") : read("cpu", "cpu.cfs_quota_us") + " " + read("cpu", "cpu.cfs_period_us");
  }

  /** Whether the freezer holds the cgroup (cgroup.events "frozen 1", or freezer.state FROZEN). */
  public boolean frozen() throws IOException {
    return unified() ? read("cgroup.events").lines().anyMatch(l -> l.equals("frozen 1"))
        : read("freezer", "freezer.state").equals("FROZEN");
  }

  private String read(String file) throws IOException {
    return Files.readString(ROOT.resolve(path).resolve(file)).strip();
  }

  private String read(String controller, String file) throws IOException {
    return Files.readString(ROOT.resolve(controller).resolve(path).resolve(file)).strip();
  }
}
