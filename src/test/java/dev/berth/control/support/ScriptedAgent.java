package dev.berth.control.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.control.sim.SimulatedLink;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.InventoryReport;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An enrolled agent whose link ({@link SimulatedLink}: the real protocol) the test drives message
 * by message: to flood, oversize or reconnect in a loop where a real agent would not. It
 * heartbeats like an agent while linked.
 */
public final class ScriptedAgent implements AutoCloseable {
  private final String name;
  private final String credential;
  private final URI linkUri;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "scripted-agent-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private volatile SimulatedLink link;

  private ScriptedAgent(String name, String credential, URI linkUri) {
    this.name = name;
    this.credential = credential;
    this.linkUri = linkUri;
  }

  /** Enrolls host {@code name} with a fresh join token. */
  public static ScriptedAgent enroll(URL controlPlane, String name) {
    String credential = RestAssured.given().contentType("application/json")
        .body("{\"name\":\"" + name + "\",\"token\":\"" + Admin.joinToken() + "\"}")
        .post("/api/v1/enroll").then().statusCode(201).extract().path("credential");
    return withCredential(controlPlane, name, credential);
  }

  /** Plays the already enrolled host {@code name} with its {@code credential} (e.g. a real agent's). */
  public static ScriptedAgent withCredential(URL controlPlane, String name, String credential) {
    return new ScriptedAgent(name, credential, SimulatedLink.linkUri(controlPlane.toString()));
  }

  /** The host's name. */
  public String name() {
    return name;
  }

  /** Opens the link without saying hello; fails as the upgrade does (e.g. a 429). */
  public SimulatedLink dial() throws Exception {
    SimulatedLink opened = SimulatedLink.dial(http, linkUri, credential, (self, message) -> {})
        .get(10, TimeUnit.SECONDS);
    link = opened;
    return opened;
  }

  /** Opens the link, says hello and waits for the welcome; heartbeats from then on. */
  public ScriptedAgent connect() throws Exception {
    dial().hello(JsonNodeFactory.instance.objectNode(), timer).get(10, TimeUnit.SECONDS);
    return this;
  }

  /** Sends a control message; completes when it is on the wire. */
  public CompletableFuture<Void> send(ControlMessage message) {
    return link.send(message);
  }

  /** Whether the link is up (welcomed and not closed since). */
  public boolean linked() {
    SimulatedLink current = link;
    return current != null && current.linked();
  }

  /** Completes with the reason once the link closed. */
  public CompletableFuture<String> closed() {
    return link.closed();
  }

  /** A container inventory of {@code count} containers named {@code <prefix>-<n>}. */
  public static InventoryReport containers(String prefix, int count) {
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < count; i++) {
      String id = String.format("%064x", (long) (prefix.hashCode() & 0x7fffffff) * 1_000_003L + i);
      items.addObject().put("Id", id).put("Image", "busybox").put("State", "running").put("Status", "Up 1 second")
          .put("Created", 1_700_000_000L).putArray("Names").add("/" + prefix + "-" + i);
    }
    return new InventoryReport(InventoryReport.CONTAINERS, items);
  }

  @Override
  public void close() {
    SimulatedLink current = link;
    if (current != null) {
      current.close("test over");
    }
    timer.shutdownNow();
  }
}
