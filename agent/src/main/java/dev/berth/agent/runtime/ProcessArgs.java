package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The container's argv from the image's ENTRYPOINT/CMD and the create options, combined as
 * Docker's daemon does (moby {@code merge} and {@code getEntrypointAndArgs}): the entrypoint
 * followed by the command. A given entrypoint replaces the image's and drops the image's CMD
 * (an empty one, {@code --entrypoint ""}, leaves no entrypoint); a given command replaces the
 * image's CMD. Shell forms arrive already wrapped ({@code ["/bin/sh", "-c", "…"]}), so a shell
 * form ENTRYPOINT ignores CMD in effect: its words become {@code $0 $1…} of the shell.
 */
public final class ProcessArgs {
  private ProcessArgs() {}

  /** The argv; throws {@link IllegalArgumentException} "No command specified" when it is empty. */
  public static List<String> combine(List<String> imageEntrypoint, List<String> imageCmd,
      List<String> entrypointOverride, List<String> cmdOverride) {
    List<String> entrypoint;
    List<String> cmd = cmdOverride == null ? List.of() : cmdOverride;
    if (entrypointOverride != null) {
      entrypoint = isEmptyEntrypoint(entrypointOverride) ? List.of() : entrypointOverride;
    } else {
      entrypoint = imageEntrypoint == null ? List.of() : imageEntrypoint;
      if (cmd.isEmpty()) {
        cmd = imageCmd == null ? List.of() : imageCmd;
      }
    }
    List<String> args = new ArrayList<>(entrypoint);
    args.addAll(cmd);
    if (args.isEmpty()) {
      throw new IllegalArgumentException("No command specified");
    }
    return List.copyOf(args);
  }

  private static boolean isEmptyEntrypoint(List<String> entrypoint) {
    return entrypoint.isEmpty() || (entrypoint.size() == 1 && entrypoint.get(0).isEmpty());
  }
}
