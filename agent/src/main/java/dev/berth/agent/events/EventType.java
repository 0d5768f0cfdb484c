package dev.berth.agent.events;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an engine event is about, as dockerd names it in an event's {@code Type}. */
public enum EventType {
  CONTAINER("container"),
  IMAGE("image"),
  VOLUME("volume"),
  NETWORK("network"),
  DAEMON("daemon"),
  PLUGIN("plugin");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  /** The name on the wire, e.g. {@code container}. */
  @JsonValue
  public String wire() {
    return wire;
  }
}
