package dev.berth.control.fleet;

import dev.berth.link.message.ControlMessage;

/**
 * CDI event: an agent sent a control message (other than hello and heartbeats). Fired from the
 * session's inbox, so observers see one agent's reports in the order it sent them.
 */
public record AgentReport(AgentSession session, ControlMessage message) {}
