package dev.berth.control.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /hosts/{host}/containers/{id}/terminal}: a shell in a running container for the
 * container's page (xterm.js in {@code static/terminal.js}). Opening the WebSocket creates an
 * exec with a TTY ({@code POST /containers/{id}/exec}, {@code Cmd} from the {@code cmd} query,
 * {@code sh} by default) and starts it hijacked through the host's link (through the replica
 * holding the link when another one does); then binary messages
 * are the terminal's bytes both ways ({@link TerminalRelay}) and a text message
 * {@code {"rows": r, "cols": c}} resizes it. Closing the page ends the shell's input.
 * Who may open one is decided before the upgrade ({@link TerminalUpgradeCheck}).
 */
@WebSocket(path = "/hosts/{host}/containers/{id}/terminal", endpointId = ContainerTerminal.ID)
public class ContainerTerminal {
  /** The endpoint's id, for its upgrade check. */
  static final String ID = "container-terminal";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MOST_COMMAND_CHARS = 200;

  private record Session(String host, String execId, TerminalRelay relay) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  @Inject DockerApiClient docker;
  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;

  @OnOpen
  void open(WebSocketConnection connection) {
    String host = connection.pathParam("host");
    String container = connection.pathParam("id");
    String query = connection.handshakeRequest().query();
    List<String> command = command(queryParam(query, "cmd"));
    String outcome = "ok";
    try {
      ObjectNode exec = JSON.createObjectNode().put("AttachStdin", true).put("AttachStdout", true)
          .put("AttachStderr", true).put("Tty", true);
      ArrayNode cmd = exec.putArray("Cmd");
      command.forEach(cmd::add);
      exec.putArray("Env").add("TERM=xterm-256color");
      String execId = docker.post(host, DockerApiClient.API + "/containers/" + encode(container) + "/exec", exec)
          .path("Id").asText();
      var stream = docker.hijack(host, DockerApiClient.API + "/exec/" + execId + "/start",
          startBody(queryParam(query, "rows"), queryParam(query, "cols")));
      TerminalRelay relay = new TerminalRelay(stream, connection);
      sessions.put(connection.id(), new Session(host, execId, relay));
      relay.start();
    } catch (ApiProblem refused) {
      outcome = "failed: " + refused.getMessage();
      TerminalRelay.close(connection, CloseReason.INTERNAL_SERVER_ERROR.getCode(), refused.getMessage());
    }
    audit.append(new AuditEvent(identity.getPrincipal().getName(), connection.userData().get(TerminalUpgradeCheck.CLIENT),
        "dashboard", host, "terminal.open", container,
        JSON.createObjectNode().put("cmd", String.join(" ", command)), outcome));
  }

  // On the event loop, so keystrokes reach the link in the order they were typed (writing never blocks).
  @OnBinaryMessage
  @NonBlocking
  void input(Buffer bytes, WebSocketConnection connection) {
    Session session = sessions.get(connection.id());
    if (session != null) {
      session.relay().input(bytes.getBytes());
    }
  }

  /** {@code {"rows": 40, "cols": 120}}: the page's terminal changed size. */
  @OnTextMessage
  void control(String message, WebSocketConnection connection) throws IOException {
    Session session = sessions.get(connection.id());
    JsonNode size = JSON.readTree(message);
    int rows = size.path("rows").asInt();
    int cols = size.path("cols").asInt();
    if (session == null || rows <= 0 || cols <= 0 || rows > 1000 || cols > 1000) {
      return;
    }
    try {
      docker.post(session.host(), DockerApiClient.API + "/exec/" + session.execId() + "/resize?h=" + rows + "&w=" + cols,
          JSON.createObjectNode());
    } catch (ApiProblem exited) {
      // the shell may have ended already; its end closes the terminal
    }
  }

  @OnClose
  void close(WebSocketConnection connection) {
    Session session = sessions.remove(connection.id());
    if (session != null) {
      session.relay().pageClosed();
    }
  }

  /** The command asked for, split at spaces; {@code sh} when none. */
  static List<String> command(String asked) {
    String value = asked == null ? "" : asked.trim();
    return value.isEmpty() || value.length() > MOST_COMMAND_CHARS ? List.of("sh") : Arrays.asList(value.split("\\s+"));
  }

  /** The exec's start: hijacked, with the page's terminal size when it gave one. */
  private static ObjectNode startBody(String rows, String cols) {
    ObjectNode start = JSON.createObjectNode().put("Detach", false).put("Tty", true);
    if (rows != null && cols != null && rows.matches("[1-9][0-9]{0,3}") && cols.matches("[1-9][0-9]{0,3}")) {
      start.putArray("ConsoleSize").add(Integer.parseInt(rows)).add(Integer.parseInt(cols));
    }
    return start;
  }

  /** The first value of a query parameter, decoded, or null. */
  private static String queryParam(String query, String name) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
