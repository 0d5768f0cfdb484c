package dev.berth.agent.runtime;

import dev.berth.agent.state.AgentLayout;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the runtime keeps things and which tools it drives.
 *
 * @param containersDir one directory per container (see {@link ContainerDirectory})
 * @param runtimeDir runc's state root ({@code runc/}) and conmon's attach-socket links ({@code sockets/})
 * @param runc the runc binary
 * @param conmon the conmon binary
 * @param cgroupParent the cgroup every container's cgroup goes under, e.g. {@code /berth}
 */
public record RuntimeSettings(Path containersDir, Path runtimeDir, Path runc, Path conmon, String cgroupParent) {
  /** Berth's cgroup parent on a host. */
  public static final String DEFAULT_CGROUP_PARENT = "/berth";

  /** The settings for the agent's layout, with runc and conmon found on PATH (or in /usr/sbin, /usr/bin). */
  public static RuntimeSettings of(AgentLayout layout) {
    return new RuntimeSettings(layout.containersDir(), layout.runtimeDir(), find("runc"), find("conmon"),
        DEFAULT_CGROUP_PARENT);
  }

  /** These settings with another cgroup parent (tests use their own). */
  public RuntimeSettings withCgroupParent(String parent) {
    return new RuntimeSettings(containersDir, runtimeDir, runc, conmon, parent);
  }

  /** runc's state root. */
  public Path runcRoot() {
    return runtimeDir.resolve("runc");
  }

  /** conmon's attach-socket links. */
  public Path socketDir() {
    return runtimeDir.resolve("sockets");
  }

  /** The executable {@code name} on PATH, else in /usr/sbin or /usr/bin. */
  static Path find(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : (path + File.pathSeparator + "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name);
      }
    }
    return Path.of("/usr/bin", name);
  }
}
