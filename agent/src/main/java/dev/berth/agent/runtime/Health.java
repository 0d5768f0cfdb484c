package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health, as dockerd keeps it ({@code State.Health}) and changes it after each check:
 * a pass makes it healthy and ends the failing streak; a failure lengthens the streak — unless
 * the container is still starting and within its start period — and {@code retries} failures in
 * a row make it unhealthy. The last five results are kept.
 *
 * @param status where it stands
 * @param failingStreak failures in a row
 * @param log the last results, oldest first
 */
public record Health(@JsonProperty("Status") HealthStatus status, @JsonProperty("FailingStreak") int failingStreak,
    @JsonProperty("Log") List<HealthResult> log) {
  /** Results kept. */
  static final int KEPT_RESULTS = 5;

  /** Copies the log. */
  public Health {
    log = log == null ? List.of() : List.copyOf(log);
  }

  /** The health of a container whose checks begin (again): starting, no failures, the earlier results kept. */
  public static Health starting(Health before) {
    return new Health(HealthStatus.STARTING, 0, before == null ? List.of() : before.log);
  }

  /** This health once checks stopped because the container stopped: unhealthy, as dockerd reports it. */
  public Health stopped() {
    return new Health(HealthStatus.UNHEALTHY, failingStreak, log);
  }

  /** This health after {@code result} of a container checked by {@code config} that started at {@code startedAt}. */
  public Health after(HealthResult result, HealthConfig config, Instant startedAt) {
    List<HealthResult> kept = new ArrayList<>(log);
    kept.add(result);
    while (kept.size() > KEPT_RESULTS) {
      kept.remove(0);
    }
    if (result.exitCode() == 0) {
      return new Health(HealthStatus.HEALTHY, 0, kept);
    }
    boolean inStartPeriod = status == HealthStatus.STARTING && startedAt != null
        && Duration.between(startedAt, result.start()).compareTo(config.startPeriodOrDefault()) < 0;
    if (inStartPeriod) {
      return new Health(status, failingStreak, kept);
    }
    int streak = failingStreak + 1;
    return new Health(streak >= config.retriesOrDefault() ? HealthStatus.UNHEALTHY : status, streak, kept);
  }
}
