package dev.berth.agent.runtime;

/**
 * Told when a health check changes a container's health status (dockerd's
 * {@code health_status: healthy} event). Called on a health-check thread, outside the runtime's
 * locks; it should return quickly.
 */
@FunctionalInterface
public interface HealthListener {
  /** Listens to nothing. */
  HealthListener NONE = (container, status) -> { };

  /** {@code container}'s health is now {@code status}. */
  void healthChanged(Container container, HealthStatus status);
}
