package dev.berth.agent.runtime;

import java.util.Set;

/**
 * {@code --restart}: {@code no}, {@code always}, {@code on-failure[:N]}, {@code unless-stopped}.
 * Stored with the container's options; {@link ContainerRestarter} acts on it when the container's
 * process exits and when the agent starts.
 *
 * @param name the policy ({@code ""} is {@code no}, as dockerd reports it)
 * @param maximumRetryCount for {@code on-failure}: give up after this many restarts (0: never)
 */
public record RestartPolicy(String name, int maximumRetryCount) {
  private static final Set<String> NAMES = Set.of("no", "always", "on-failure", "unless-stopped");

  /** Never restart. */
  public static final RestartPolicy NO = new RestartPolicy("no", 0);

  /** Checks the policy as dockerd does. */
  public RestartPolicy {
    name = name == null || name.isEmpty() ? "no" : name;
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("invalid restart policy: unknown policy '" + name
          + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
    }
    if (maximumRetryCount < 0) {
      throw new IllegalArgumentException("invalid restart policy: maximum retry count cannot be negative");
    }
    if (maximumRetryCount > 0 && !name.equals("on-failure")) {
      throw new IllegalArgumentException("invalid restart policy: maximum retry count can only be used with 'on-failure'");
    }
  }

  /** Whether this is {@code no}. */
  public boolean isNone() {
    return name.equals("no");
  }

  /**
   * dockerd's {@code ShouldRestart}: {@code always} restarts whatever happened, {@code unless-stopped}
   * unless a user stopped the container, {@code on-failure} after a non-zero exit while fewer than
   * {@code maximumRetryCount} restarts were made (0: no limit).
   *
   * @param exitCode how the process last exited
   * @param restartCount restarts made since the container was last started by hand
   * @param manuallyStopped whether a user stopped or killed it
   */
  public boolean shouldRestart(int exitCode, int restartCount, boolean manuallyStopped) {
    return switch (name) {
      case "always" -> true;
      case "unless-stopped" -> !manuallyStopped;
      case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
      default -> false;
    };
  }
}
