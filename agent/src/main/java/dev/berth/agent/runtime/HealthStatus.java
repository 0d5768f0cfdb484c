package dev.berth.agent.runtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a container's health checks stand, with Docker's names ({@code State.Health.Status}). */
public enum HealthStatus {
  /** Started, no check has passed yet and too few have failed. */
  STARTING,
  /** The last check passed. */
  HEALTHY,
  /** Enough checks in a row failed, or the checks stopped (the container no longer runs). */
  UNHEALTHY;

  /** Docker's lower-case name. */
  @JsonValue
  public String dockerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** As {@code docker ps} shows it in parentheses after "Up …": "health: starting", "healthy", "unhealthy". */
  public String describe() {
    return this == STARTING ? "health: starting" : dockerName();
  }
}
