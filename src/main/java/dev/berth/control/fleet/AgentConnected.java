package dev.berth.control.fleet;

/** CDI event: an agent said hello and its host is online; what it should be doing can be sent now. */
public record AgentConnected(AgentSession session) {}
