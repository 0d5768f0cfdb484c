package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.RuntimeSpec.Mount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --tmpfs path[:options]}: a tmpfs at each path, {@code nosuid,nodev,noexec} unless the
 * options say {@code suid}, {@code dev} or {@code exec}, as Docker mounts them.
 */
final class TmpfsMounts {
  private TmpfsMounts() {}

  /** The mounts for {@code tmpfs} (container path to comma-separated options). */
  static List<Mount> of(Map<String, String> tmpfs) {
    List<Mount> mounts = new ArrayList<>();
    tmpfs.forEach((path, given) -> {
      if (!path.startsWith("/") || path.equals("/")) {
        throw new IllegalArgumentException("invalid mount config for type \"tmpfs\": invalid mount path: '" + path
            + "' mount path must be absolute and not /");
      }
      Set<String> options = new LinkedHashSet<>(List.of("nosuid", "nodev", "noexec"));
      for (String option : given == null ? new String[0] : given.split(",")) {
        if (option.isBlank()) {
          continue;
        }
        options.remove("no" + option.trim()); // suid, dev, exec lift a default
        if (!option.trim().equals("suid") && !option.trim().equals("dev") && !option.trim().equals("exec")) {
          options.add(option.trim());
        }
      }
      mounts.add(new Mount(path, "tmpfs", "tmpfs", List.copyOf(options)));
    });
    return mounts;
  }
}
