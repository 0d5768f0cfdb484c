package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.ContainerExecs;
import dev.berth.agent.runtime.ExecConfig;
import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.LogLine;
import dev.berth.agent.runtime.RunningExec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code POST /exec/{id}/start}: runs the session's process. {@code {"Detach": true}}: 200 at once,
 * the process runs on its own. Else the connection is hijacked as for attach (101 when the client
 * asked to upgrade) and relays stdin and output until the process ends; its exit code is then in
 * {@code GET /exec/{id}/json}, where {@code docker exec} reads it. A command that cannot run shows
 * runc's error on the stream and exits 126 (127 when not found), as with dockerd.
 */
public final class StartExecEndpoint implements DockerEndpoint {
  private final ContainerExecs execs;

  /** Starts sessions of {@code execs}. */
  public StartExecEndpoint(ContainerExecs execs) {
    this.execs = execs;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    JsonNode body = request.jsonObject();
    String id = pathVariables.get("id");
    ExecConfig config = ExecErrors.on(() -> execs.get(id)).config();
    if (body.path("Detach").asBoolean()) {
      ExecErrors.on(() -> execs.start(id, false));
      JsonReply.empty(response, 200);
      return;
    }
    RunningExec running = ExecErrors.on(() -> execs.start(id, true));
    try (LogFollower output = new LogFollower(running.logFile(), 0).opened()) {
      AttachContainerEndpoint.respondHead(request, response, config.tty());
      resizeToConsole(id, body.path("ConsoleSize"), config);
      try (OutputStream out = response.body()) {
        out.flush();
        if (running.failure().isPresent()) {
          new MultiplexedStream(out, config.tty(), false).write(LogLine.Stream.STDERR,
              ("OCI runtime exec failed: " + running.failure().get() + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
          new AttachRelay(running.socket().orElseThrow(), config.tty(), config.attachStdout(), config.attachStderr())
              .run(request.body(), config.attachStdin(), out, "exec-" + id.substring(0, 12), output);
        }
        running.awaitExit(); // before the stream ends: the client asks for the exit code next
      }
    } finally {
      running.close();
    }
  }

  private void resizeToConsole(String id, JsonNode size, ExecConfig config) {
    if (config.tty() && size.isArray() && size.size() == 2 && size.get(0).asInt() > 0 && size.get(1).asInt() > 0) {
      try {
        execs.resize(id, size.get(0).asInt(), size.get(1).asInt());
      } catch (IOException | RuntimeException ignored) {
        // the process may have ended already; the client resizes again anyway
      }
    }
  }
}
