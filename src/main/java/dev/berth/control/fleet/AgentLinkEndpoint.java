package dev.berth.control.fleet;

import dev.berth.control.database.DatabaseRecovered;
import dev.berth.control.security.Identities;
import dev.berth.link.Link;
import dev.berth.link.LinkTransport;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.Hello;
import dev.berth.link.message.Welcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.jboss.logging.Logger;

/**
 * Where agents connect: one WebSocket per agent, authenticated by its credential during the
 * upgrade (only the {@code agent} role may open it). Messages are handled on the event loop in
 * arrival order; anything that touches the database goes through the session's {@link AgentInbox}
 * (rate, size and inbox limits) to its ordered inbox.
 */
@WebSocket(path = "/agent/link", endpointId = AgentLinkEndpoint.ID)
public class AgentLinkEndpoint {
  /** The endpoint's id (for {@link ReconnectThrottle}). */
  static final String ID = "agent-link";
  /** Heartbeat period on the link, both ways. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(3);
  /** A link silent for this long is closed (so its host goes offline well within 15 s). */
  public static final Duration SILENCE_LIMIT = Duration.ofSeconds(10);
  private static final Logger LOG = Logger.getLogger(AgentLinkEndpoint.class);

  private final Map<String, AgentInbox> byConnection = new ConcurrentHashMap<>();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "agent-link-heartbeat");
    thread.setDaemon(true);
    return thread;
  });

  @Inject SecurityIdentity identity;
  @Inject AgentSessions sessions;
  @Inject HostPresence presence;
  @Inject Event<AgentConnected> connectedEvents;
  @Inject Event<AgentReport> reports;
  @Inject LinkLimits limits;
  @Inject MeterRegistry metrics;

  @OnOpen
  @NonBlocking
  void open(WebSocketConnection connection) {
    String hostName = identity.getPrincipal().getName().substring("agent:".length());
    AgentInbox[] holder = new AgentInbox[1];
    String address = peerAddress(connection);
    Link link = new Link(Link.Side.CONTROL_PLANE, transport(connection),
        message -> holder[0].offer(message),
        stream -> stream.reset("the control plane does not accept streams from agents yet"));
    AgentSession session = new AgentSession(Identities.hostId(identity), hostName, link,
        Infrastructure.getDefaultWorkerPool());
    holder[0] = new AgentInbox(session, limits, metrics, message -> onMessage(session, message, address));
    byConnection.put(connection.id(), holder[0]);
    sessions.register(session).ifPresent(old -> old.link().close("replaced by a newer connection of the same agent"));
    link.startHeartbeat(heartbeats, HEARTBEAT, SILENCE_LIMIT);
    // A link this side closes (silent peer, protocol violation) ends the session at once, without
    // waiting for a close handshake that a frozen or vanished peer never completes.
    link.closed().thenAccept(reason -> endSession(connection.id(), reason));
    LOG.infof("agent link opened by host %s", hostName);
  }

  @OnTextMessage
  @NonBlocking
  void text(String message, WebSocketConnection connection) {
    AgentInbox inbox = byConnection.get(connection.id());
    if (inbox != null) {
      inbox.session().link().onText(message);
    }
  }

  @OnBinaryMessage
  @NonBlocking
  void binary(Buffer message, WebSocketConnection connection) {
    AgentInbox inbox = byConnection.get(connection.id());
    if (inbox != null) {
      inbox.session().link().onBinary(ByteBuffer.wrap(message.getBytes()));
    }
  }

  @OnClose
  @NonBlocking
  void close(CloseReason reason, WebSocketConnection connection) {
    String why = reason.getMessage() == null || reason.getMessage().isEmpty()
        ? "closed (code " + reason.getCode() + ")" : reason.getMessage();
    endSession(connection.id(), why);
  }

  private void endSession(String connectionId, String reason) {
    AgentInbox inbox = byConnection.remove(connectionId);
    if (inbox == null) {
      return;
    }
    AgentSession session = inbox.session();
    session.link().onClosed(reason);
    LOG.infof("agent link of host %s closed: %s", session.hostName(), reason);
    if (sessions.unregister(session)) {
      session.handle(() -> presence.markOffline(session.hostId()));
    }
  }

  /** A dropped connection (an agent killed, a network cut) is routine: the close path handles it. */
  @OnError
  @NonBlocking
  void failed(Throwable failure, WebSocketConnection connection) {
    LOG.debugf("agent link %s failed: %s", connection.id(), failure.toString());
    endSession(connection.id(), "connection failed: " + failure.getMessage());
  }

  /** Reports that failed while PostgreSQL was unreachable are handled again. */
  void onDatabaseBack(@Observes DatabaseRecovered recovered) {
    byConnection.values().forEach(AgentInbox::retryFailed);
  }

  @PreDestroy
  void stop() {
    heartbeats.shutdownNow();
  }

  // "10.0.0.5:40312" or "[::1]:40312" without the port; null when unknown.
  private static String peerAddress(WebSocketConnection connection) {
    String remote = connection.handshakeRequest().remoteAddress();
    if (remote == null || remote.lastIndexOf(':') < 0) {
      return remote;
    }
    return remote.substring(0, remote.lastIndexOf(':')).replaceAll("^\\[|\\]$", "");
  }

  // In the session's inbox.
  private void onMessage(AgentSession session, ControlMessage message, String linkAddress) {
    if (message instanceof Hello hello) {
      presence.markOnline(session.hostId(), hello.facts(), linkAddress);
      session.send(new Welcome(session.hostId().toString(), session.hostName(), (int) HEARTBEAT.toSeconds()));
      connectedEvents.fire(new AgentConnected(session));
    } else {
      reports.fire(new AgentReport(session, message));
    }
  }

  private static LinkTransport transport(WebSocketConnection connection) {
    return new LinkTransport() {
      @Override
      public CompletionStage<?> sendText(String text) {
        return connection.sendText(text).subscribeAsCompletionStage();
      }

      @Override
      public CompletionStage<?> sendBinary(ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return connection.sendBinary(Buffer.buffer(bytes)).subscribeAsCompletionStage();
      }

      @Override
      public void close(String reason) {
        connection.close(new CloseReason(CloseReason.NORMAL.getCode(), truncate(reason))).subscribe().with(ok -> { }, e -> { });
      }
    };
  }

  // A close reason must fit in a 125-byte control frame.
  private static String truncate(String reason) {
    return reason.length() <= 100 ? reason : reason.substring(0, 100);
  }
}
