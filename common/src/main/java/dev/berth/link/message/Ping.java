package dev.berth.link.message;

/** Heartbeat, either direction; the peer answers with a {@link Pong} carrying the same values. */
public record Ping(long id, long sentAtNanos) implements ControlMessage {}
