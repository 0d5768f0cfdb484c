package dev.berth.agent.api.containers;

import dev.berth.agent.runtime.SeccompProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code HostConfig.SecurityOpt} ({@code --security-opt}): {@code no-new-privileges} and {@code seccomp=}
 * ({@code unconfined}, {@code builtin}, or a profile's JSON, which the CLI reads from the file it was given).
 * Other options (apparmor, label…) are accepted and have no effect here, as on a host without them.
 *
 * @param noNewPrivileges {@code no-new-privileges}
 * @param seccomp null for Docker's default profile, {@code unconfined}, or a checked profile's JSON
 */
record SecurityOptions(boolean noNewPrivileges, String seccomp) {
  private static final String SECCOMP = "seccomp";

  /** The options in {@code values}; IllegalArgumentException for a seccomp option that is not one. */
  static SecurityOptions parse(List<String> values) {
    boolean noNewPrivileges = false;
    String seccomp = null;
    for (String value : values) {
      if (value.equals("no-new-privileges") || value.equals("no-new-privileges:true")
          || value.equals("no-new-privileges=true")) {
        noNewPrivileges = true;
      } else if (value.startsWith(SECCOMP + "=") || value.startsWith(SECCOMP + ":")) {
        String profile = value.substring(SECCOMP.length() + 1);
        if (profile.isEmpty()) {
          throw new IllegalArgumentException("invalid --security-opt 2: \"" + value + "\"");
        }
        if (profile.equals("builtin")) {
          seccomp = null;
        } else if (profile.equals(SeccompProfile.UNCONFINED)) {
          seccomp = profile;
        } else {
          SeccompProfile.parse(profile);
          seccomp = profile;
        }
      }
    }
    return new SecurityOptions(noNewPrivileges, seccomp);
  }

  /** The options as {@code HostConfig.SecurityOpt} lists them; empty when none was given. */
  static List<String> render(boolean noNewPrivileges, String seccomp) {
    List<String> values = new ArrayList<>();
    if (seccomp != null) {
      values.add(SECCOMP + "=" + seccomp);
    }
    if (noNewPrivileges) {
      values.add("no-new-privileges");
    }
    return values;
  }
}
