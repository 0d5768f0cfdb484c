package dev.berth.control.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.fleet.AgentLinkEndpoint;
import dev.berth.link.JdkWebSocketTransport;
import dev.berth.link.Link;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.Hello;
import dev.berth.link.message.InventoryReport;
import dev.berth.link.message.JobDispatch;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One simulated agent: speaks the real link protocol (hello, heartbeats, inventory reports, job
 * results) over a real WebSocket with a real enrolled credential, but does no host work — every
 * job it is sent succeeds at once, answering its parameters back.
 */
final class SimulatedAgent {
  private final String name;
  private final String credential;
  private final SimulatedContainers containers;
  private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
  private volatile Link link;

  SimulatedAgent(String name, String credential, int containerCount) {
    this.name = name;
    this.credential = credential;
    this.containers = new SimulatedContainers(name, containerCount);
  }

  String name() {
    return name;
  }

  /** Dials the link; completes once the control plane has welcomed this agent. */
  CompletableFuture<Void> connect(HttpClient http, URI linkUri, ScheduledExecutorService timer, JsonNode facts) {
    JdkWebSocketTransport transport = new JdkWebSocketTransport();
    Link newLink = new Link(Link.Side.AGENT, transport, this::onMessage,
        stream -> stream.reset("a simulated agent serves no Docker API"));
    transport.attach(newLink);
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + credential)
        .connectTimeout(Duration.ofSeconds(30))
        .buildAsync(linkUri, transport)
        .thenCompose(socket -> {
          link = newLink;
          newLink.send(new Hello("simulated", facts, List.of()));
          newLink.startHeartbeat(timer, AgentLinkEndpoint.HEARTBEAT, AgentLinkEndpoint.SILENCE_LIMIT);
          return welcomed;
        });
  }

  /** Whether the link is up (welcomed and not closed since). */
  boolean linked() {
    Link current = link;
    return welcomed.isDone() && current != null && !current.closed().isDone();
  }

  /** Sends the container inventory, one container's state changed since the last report. */
  void reportInventory() {
    Link current = link;
    if (current != null && welcomed.isDone()) {
      current.send(new InventoryReport(InventoryReport.CONTAINERS, containers.nextReport()));
    }
  }

  void close() {
    Link current = link;
    if (current != null) {
      current.close("simulation over");
    }
  }

  private void onMessage(ControlMessage message) {
    if (message instanceof Welcome) {
      welcomed.complete(null);
      reportInventory();
    } else if (message instanceof JobDispatch job) {
      link.send(new JobFinished(job.id(), "succeeded", job.params(), null));
    }
  }
}
