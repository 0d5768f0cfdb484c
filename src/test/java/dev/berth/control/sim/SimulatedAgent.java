package dev.berth.control.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.InventoryReport;
import dev.berth.link.message.JobDispatch;
import dev.berth.link.message.JobFinished;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One simulated agent: holds a {@link SimulatedLink} (hello, heartbeats) with a real enrolled
 * credential and reports inventories on it, but does no host work — every job it is sent succeeds
 * at once, answering its parameters back.
 */
final class SimulatedAgent {
  private final String name;
  private final String credential;
  private final SimulatedContainers containers;
  private volatile SimulatedLink link;

  SimulatedAgent(String name, String credential, int containerCount) {
    this.name = name;
    this.credential = credential;
    this.containers = new SimulatedContainers(name, containerCount);
  }

  String name() {
    return name;
  }

  /** Dials the link; completes once the control plane has welcomed this agent and it reported its inventory. */
  CompletableFuture<Void> connect(HttpClient http, URI linkUri, ScheduledExecutorService timer, JsonNode facts) {
    return SimulatedLink.dial(http, linkUri, credential, SimulatedAgent::answer)
        .thenCompose(opened -> {
          link = opened;
          return opened.hello(facts, timer);
        })
        .thenRun(this::reportInventory);
  }

  /** Whether the link is up (welcomed and not closed since). */
  boolean linked() {
    SimulatedLink current = link;
    return current != null && current.linked();
  }

  /** Sends the container inventory, one container's state changed since the last report. */
  void reportInventory() {
    if (linked()) {
      link.send(new InventoryReport(InventoryReport.CONTAINERS, containers.nextReport()));
    }
  }

  void close() {
    SimulatedLink current = link;
    if (current != null) {
      current.close("simulation over");
    }
  }

  private static void answer(SimulatedLink link, ControlMessage message) {
    if (message instanceof JobDispatch job) {
      link.send(new JobFinished(job.id(), "succeeded", job.params(), null));
    }
  }
}
