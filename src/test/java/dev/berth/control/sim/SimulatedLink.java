package dev.berth.control.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.fleet.AgentLinkEndpoint;
import dev.berth.link.JdkWebSocketTransport;
import dev.berth.link.Link;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.Hello;
import dev.berth.link.message.Welcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

/**
 * The agent's end of one link without an agent behind it: the real protocol (the agent's own
 * {@link JdkWebSocketTransport} and {@link Link}) over a real WebSocket with an enrolled host's
 * credential — hello, heartbeats, control messages — but no Docker API. The simulated agents of
 * the fleet-scale bench and the scripted agents of the fault tests both hold their links with it.
 */
public final class SimulatedLink {
  private final JdkWebSocketTransport transport = new JdkWebSocketTransport();
  private final CompletableFuture<Void> welcomed = new CompletableFuture<>();
  private final BiConsumer<SimulatedLink, ControlMessage> onMessage;
  private final Link link;

  private SimulatedLink(BiConsumer<SimulatedLink, ControlMessage> onMessage) {
    this.onMessage = onMessage;
    this.link = new Link(Link.Side.AGENT, transport, this::receive,
        stream -> stream.reset("a simulated agent serves no Docker API"));
    transport.attach(link);
  }

  /** The link endpoint of the control plane at {@code controlPlane} ({@code http(s)://host:port}, a trailing slash or not). */
  public static URI linkUri(String controlPlane) {
    return URI.create(controlPlane.replaceFirst("^http", "ws").replaceFirst("/*$", "/") + "agent/link");
  }

  /**
   * Opens a link with {@code credential} without saying hello; completes once the WebSocket is
   * open, or fails as the upgrade does (e.g. with a 429). {@code onMessage} sees every control
   * message the control plane sends on it.
   */
  public static CompletableFuture<SimulatedLink> dial(HttpClient http, URI linkUri, String credential,
                                                      BiConsumer<SimulatedLink, ControlMessage> onMessage) {
    SimulatedLink opened = new SimulatedLink(onMessage);
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + credential)
        .connectTimeout(Duration.ofSeconds(30))
        .buildAsync(linkUri, opened.transport)
        .thenApply(socket -> opened);
  }

  /** Says hello with the host's {@code facts} and heartbeats like an agent from then on; completes once welcomed. */
  public CompletableFuture<Void> hello(JsonNode facts, ScheduledExecutorService timer) {
    link.send(new Hello("simulated", facts, List.of()));
    link.startHeartbeat(timer, AgentLinkEndpoint.HEARTBEAT, AgentLinkEndpoint.SILENCE_LIMIT);
    return welcomed;
  }

  /** Whether the link is up: welcomed and not closed since. */
  public boolean linked() {
    return welcomed.isDone() && !link.closed().isDone();
  }

  /** Sends a control message; completes when it is on the wire. */
  public CompletableFuture<Void> send(ControlMessage message) {
    return link.send(message);
  }

  /** Completes with the reason once the link closed. */
  public CompletableFuture<String> closed() {
    return link.closed();
  }

  /** Closes the link for {@code reason}. */
  public void close(String reason) {
    link.close(reason);
  }

  private void receive(ControlMessage message) {
    if (message instanceof Welcome) {
      welcomed.complete(null);
    }
    onMessage.accept(this, message);
  }
}
