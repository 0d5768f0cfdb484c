package dev.berth.control.fleet;

import dev.berth.link.Link;
import dev.berth.link.message.ControlMessage;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connected agent on this replica: its host, its link, and an inbox that handles the agent's
 * messages one at a time, in order, off the event loop.
 */
public final class AgentSession {
  private final UUID hostId;
  private final String hostName;
  private final Link link;
  private final SerialExecutor inbox;
  private final Instant connectedAt = Instant.now();

  AgentSession(UUID hostId, String hostName, Link link, Executor workers) {
    this.hostId = hostId;
    this.hostName = hostName;
    this.link = link;
    this.inbox = new SerialExecutor(workers);
  }

  /** The host this agent runs on. */
  public UUID hostId() {
    return hostId;
  }

  /** The host's name. */
  public String hostName() {
    return hostName;
  }

  /** The link to the agent. */
  public Link link() {
    return link;
  }

  /** When the link came up. */
  public Instant connectedAt() {
    return connectedAt;
  }

  /** Sends a control message to the agent. */
  public CompletableFuture<Void> send(ControlMessage message) {
    return link.send(message);
  }

  /** How many tasks wait in the session's inbox. */
  int inboxSize() {
    return inbox.pending();
  }

  /** Runs a task in the session's ordered inbox. */
  void handle(Runnable task) {
    inbox.execute(task);
  }
}
