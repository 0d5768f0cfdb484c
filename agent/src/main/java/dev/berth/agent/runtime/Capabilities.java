package dev.berth.agent.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Linux capabilities a container keeps: Docker's default set, adjusted by {@code --cap-add} and
 * {@code --cap-drop} as moby's {@code TweakCapabilities} does (names with or without
 * {@code CAP_}, any case; {@code ALL}); every capability under {@code --privileged}.
 */
public final class Capabilities {
  /** Docker's default set (moby {@code caps.DefaultCapabilities}): CapBnd 0x00000000a80425fb. */
  public static final List<String> DOCKER_DEFAULT = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID",
      "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

  /** Every capability by number (index = bit), up to CAP_CHECKPOINT_RESTORE (40). */
  public static final List<String> ALL = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
      "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
      "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
      "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
      "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
      "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
      "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
      "CAP_CHECKPOINT_RESTORE");

  private Capabilities() {}

  /** The capabilities a container keeps, in Docker's default order then added ones. */
  public static List<String> of(List<String> add, List<String> drop, boolean privileged) {
    if (privileged) {
      return ALL;
    }
    List<String> adds = normalize(add, "--cap-add");
    List<String> drops = normalize(drop, "--cap-drop");
    Set<String> kept = new LinkedHashSet<>();
    if (adds.contains("ALL")) { // everything but the drops
      kept.addAll(ALL);
      drops.forEach(kept::remove);
    } else { // the defaults (none after drop ALL) without the drops, then the adds
      if (!drops.contains("ALL")) {
        kept.addAll(DOCKER_DEFAULT);
        drops.forEach(kept::remove);
      }
      kept.addAll(adds);
    }
    return List.copyOf(kept);
  }

  /** The bitmask of {@code caps}, as /proc/&lt;pid&gt;/status shows it in CapBnd. */
  public static long mask(List<String> caps) {
    long mask = 0;
    for (String cap : caps) {
      mask |= 1L << ALL.indexOf(cap);
    }
    return mask;
  }

  private static List<String> normalize(List<String> names, String flag) {
    List<String> normalized = new ArrayList<>();
    for (String name : names) {
      String upper = name.strip().toUpperCase(Locale.ROOT);
      String cap = upper.equals("ALL") || upper.startsWith("CAP_") ? upper : "CAP_" + upper;
      if (!cap.equals("ALL") && !ALL.contains(cap)) {
        throw new IllegalArgumentException("invalid capability " + flag + ": " + name);
      }
      normalized.add(cap);
    }
    return normalized;
  }
}
