package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.LogLine;
import dev.berth.agent.runtime.attach.AttachSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /containers/{id}/attach?stream=1&stdin=1&stdout=1&stderr=1[&logs=1]}: what
 * {@code docker run} (without -d), {@code docker start -a} and {@code docker attach} use. Answers
 * {@code 101} when the client asked to upgrade (the connection becomes a raw stream both ways, as
 * dockerd hijacks it), else 200; then relays the container's stdin and output through conmon's
 * attach socket ({@link AttachRelay}) until its process ends. For an exited container the relay
 * begins at its next start, so {@code docker start -a} sees everything.
 */
public final class AttachContainerEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Attaches to containers of {@code containers}. */
  public AttachContainerEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    Container container = ContainerErrors.on(() -> containers.get(pathVariables.get("id")));
    containers.events().publish(container, EventAction.ATTACH);
    boolean tty = container.options().tty();
    boolean stdin = request.queryFlag("stdin") && container.options().openStdin();
    boolean stdout = !request.query().containsKey("stdout") || request.queryFlag("stdout");
    boolean stderr = !request.query().containsKey("stderr") || request.queryFlag("stderr");
    // From the log's end now, opened before the head goes out: the client starts the process only after it.
    LogFollower output = ContainerErrors.on(() -> LogFollower.fromEnd(containers.logFile(container.id())).opened());
    CompletableFuture<AttachSocket> socket = request.queryFlag("stream")
        ? ContainerErrors.on(() -> containers.attach(container.id())) : null;
    respondHead(request, response, tty);
    try (OutputStream body = response.body()) {
      body.flush();
      if (request.queryFlag("logs")) {
        replayLogs(container, body, tty, stdout, stderr);
      }
      if (socket != null) {
        new AttachRelay(await(socket), tty, stdout, stderr).run(request.body(), stdin, body,
            "attach-" + container.shortId(), output);
      }
    } finally {
      output.close();
      if (socket != null) {
        socket.cancel(false); // still waiting for a start: the client left
      }
    }
  }

  static void respondHead(DockerRequest request, DockerResponse response, boolean tty) throws IOException {
    boolean upgrade = request.header("Upgrade").isPresent();
    response.head(upgrade ? 101 : 200, upgrade
        ? Map.of("Content-Type", List.of(MultiplexedStream.contentType(tty)),
            "Connection", List.of("Upgrade"), "Upgrade", List.of("tcp"))
        : Map.of("Content-Type", List.of(MultiplexedStream.contentType(tty))));
  }

  private void replayLogs(Container container, OutputStream body, boolean tty, boolean stdout, boolean stderr)
      throws IOException {
    MultiplexedStream out = new MultiplexedStream(body, tty, false);
    new LogFollower(containers.logFile(container.id()), 0).follow(() -> true, record -> {
      if (record.stream() == LogLine.Stream.STDOUT ? stdout : stderr) {
        out.write(record);
      }
    });
  }

  private static AttachSocket await(CompletableFuture<AttachSocket> socket) throws IOException {
    try {
      return socket.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the container to start");
    } catch (ExecutionException e) {
      throw new IOException("cannot attach: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
