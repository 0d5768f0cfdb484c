package dev.berth.agent.api.containers;

import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.agent.runtime.Health;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code docker ps}'s STATUS column as dockerd writes it: "Up 3 seconds", "Up 3 seconds (healthy)",
 * "Exited (0) 2 seconds ago", "Restarting (1) Less than a second ago", "Created".
 */
final class ContainerStatusText {
  private ContainerStatusText() {}

  /** The status of {@code container} with {@code health} (if it has health checks) at {@code now}. */
  static String of(Container container, Optional<Health> health, Instant now) {
    String status = of(container, now);
    return container.status() == ContainerStatus.RUNNING && health.isPresent()
        ? status + " (" + health.get().status().describe() + ")" : status;
  }

  /** The status of {@code container} at {@code now}. */
  static String of(Container container, Instant now) {
    return switch (container.status()) {
      case RUNNING -> "Up " + human(Duration.between(container.startedAt(), now));
      case PAUSED -> "Up " + human(Duration.between(container.startedAt(), now)) + " (Paused)";
      case RESTARTING -> "Restarting (" + container.exitCode() + ") " + ago(container, now);
      case DEAD -> "Dead";
      case CREATED -> "Created";
      case EXITED -> container.finishedAt() == null ? "" : "Exited (" + container.exitCode() + ") " + ago(container, now);
    };
  }

  private static String ago(Container container, Instant now) {
    return human(Duration.between(container.finishedAt(), now)) + " ago";
  }

  /** go-units' HumanDuration: "Less than a second", "1 second", "About a minute", "3 hours", "2 weeks"… */
  static String human(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds < 1) {
      return "Less than a second";
    } else if (seconds == 1) {
      return "1 second";
    } else if (seconds < 60) {
      return seconds + " seconds";
    }
    long minutes = seconds / 60;
    if (minutes == 1) {
      return "About a minute";
    } else if (minutes < 60) {
      return minutes + " minutes";
    }
    long hours = Math.round(seconds / 3600.0);
    if (hours == 1) {
      return "About an hour";
    } else if (hours < 48) {
      return hours + " hours";
    } else if (hours < 24 * 7 * 2) {
      return hours / 24 + " days";
    } else if (hours < 24 * 30 * 2) {
      return hours / 24 / 7 + " weeks";
    } else if (hours < 24 * 365 * 2) {
      return hours / 24 / 30 + " months";
    }
    return seconds / 3600 / 24 / 365 + " years";
  }
}
