package dev.berth.link.message;

/** Answer to a {@link Ping}: echoes its id and send time so the sender can measure the round trip. */
public record Pong(long id, long sentAtNanos) implements ControlMessage {}
