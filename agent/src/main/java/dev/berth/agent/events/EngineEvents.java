package dev.berth.agent.events;

import java.util.Map;

/**
 * Where the engine's parts report what they did ({@link EventLog} on an agent; {@link #NONE} where
 * nobody listens, e.g. in tests of other parts). Publishing never fails the operation reported.
 */
@FunctionalInterface
public interface EngineEvents {
  /** Drops every event. */
  EngineEvents NONE = event -> { };

  /** Records {@code event} and hands it to whoever listens. */
  void publish(EngineEvent event);

  /** Publishes a local event happening now: {@code action} of {@code type} to {@code actorId}, described by {@code attributes}. */
  default void publish(EventType type, String action, String actorId, Map<String, String> attributes) {
    publish(EngineEvent.now(type, action, actorId, attributes));
  }
}
