package dev.berth.link.message;

/** Control plane → agent, the answer to {@link Hello}: the host as the control plane knows it. */
public record Welcome(String hostId, String name, int heartbeatSeconds) implements ControlMessage {}
