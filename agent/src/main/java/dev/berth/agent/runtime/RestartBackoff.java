package dev.berth.agent.runtime;

import java.time.Duration;

/**
 * How long a container waits before its restart policy starts it again, as dockerd's restart
 * manager counts it: 100 ms, doubling at each restart up to a minute, back to 100 ms once the
 * container ran for 10 seconds. One per container, in memory: a new agent starts from 100 ms.
 */
final class RestartBackoff {
  /** The first delay. */
  static final Duration FIRST = Duration.ofMillis(100);
  /** The longest delay. */
  static final Duration LONGEST = Duration.ofMinutes(1);
  /** A run at least this long resets the delay. */
  static final Duration STABLE_RUN = Duration.ofSeconds(10);

  private Duration delay = Duration.ZERO;

  /** The delay before the next restart of a container whose process ran for {@code ranFor}. */
  synchronized Duration next(Duration ranFor) {
    if (ranFor.compareTo(STABLE_RUN) >= 0) {
      delay = Duration.ZERO;
    }
    delay = delay.isZero() ? FIRST : delay.multipliedBy(2);
    if (delay.compareTo(LONGEST) > 0) {
      delay = LONGEST;
    }
    return delay;
  }
}
