package dev.berth.agent.runtime;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The container's environment, built as Docker builds it: {@code PATH} (Docker's default),
 * {@code HOSTNAME} and, with a terminal, {@code TERM=xterm} first; then the options' variables
 * followed by the image's that the options do not set, each replacing a variable of the same
 * name in place. A bare {@code KEY} (no {@code =}) removes the variable.
 */
public final class ContainerEnv {
  /** Docker's PATH for Linux containers when neither the image nor the options set one. */
  public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ContainerEnv() {}

  /** {@code KEY=value} lines, in Docker's order. */
  public static List<String> build(List<String> imageEnv, List<String> overrides, String hostname, boolean tty) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "PATH=" + DEFAULT_PATH);
    env.put("HOSTNAME", "HOSTNAME=" + hostname);
    if (tty) {
      env.put("TERM", "TERM=xterm");
    }
    Set<String> overridden = new HashSet<>();
    for (String entry : overrides) {
      overridden.add(key(entry));
      env.put(key(entry), entry);
    }
    for (String entry : imageEnv == null ? List.<String>of() : imageEnv) {
      if (!overridden.contains(key(entry))) {
        env.put(key(entry), entry);
      }
    }
    return env.values().stream().filter(entry -> entry.indexOf('=') > 0).toList();
  }

  /** The name part of {@code KEY=value}; refuses an empty name. */
  static String key(String entry) {
    int equals = entry.indexOf('=');
    String key = equals < 0 ? entry : entry.substring(0, equals);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("invalid environment variable: " + entry);
    }
    return key;
  }
}
