package dev.berth.agent.runtime;

import java.util.List;

/**
 * What {@code docker exec} asks to run in a running container.
 *
 * @param cmd the command (required)
 * @param env {@code KEY=value} added to (and overriding) the container's environment
 * @param user {@code -u}; null or empty: the container's user
 * @param workingDir {@code -w}; null or empty: the container's working directory
 * @param tty {@code -t}
 * @param attachStdin {@code -i}
 * @param attachStdout whether output is wanted
 * @param attachStderr whether errors are wanted
 * @param privileged {@code --privileged}: every capability
 */
public record ExecConfig(List<String> cmd, List<String> env, String user, String workingDir, boolean tty,
    boolean attachStdin, boolean attachStdout, boolean attachStderr, boolean privileged) {

  /** Checks the command and copies the lists. */
  public ExecConfig {
    if (cmd == null || cmd.isEmpty() || cmd.get(0).isEmpty()) {
      throw new IllegalArgumentException("No exec command specified");
    }
    cmd = List.copyOf(cmd);
    env = env == null ? List.of() : List.copyOf(env);
    for (String variable : env) {
      if (variable.isEmpty() || variable.startsWith("=")) {
        throw new IllegalArgumentException("invalid environment variable: " + variable);
      }
    }
  }
}
