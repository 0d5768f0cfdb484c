package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.events.EventAction;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.LogLine;
import dev.berth.agent.runtime.WaitCondition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code POST /containers/{id}/attach?stream=1&stdout=1&stderr=1[&logs=1]}: what {@code docker run}
 * (without -d) and {@code docker start -a} read. Answers {@code 101} (the connection becomes a raw
 * stream, as dockerd hijacks it) when the client asked to upgrade, else 200, then the
 * container's output as a {@link MultiplexedStream} from the attach moment (from the start with
 * {@code logs=1}) until its next exit, followed from conmon's log.
 *
 * <p>Output only, for now: stdin (attach with {@code stdin=1}, {@code -i}) is accepted and its
 * bytes ignored; the attach socket of conmon will carry it (and TTY resizes) later.
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
    Path log = ContainerErrors.on(() -> containers.logFile(container.id()));
    containers.events().publish(container, EventAction.ATTACH);
    LogFollower follower = request.queryFlag("logs") ? new LogFollower(log, 0) : LogFollower.fromEnd(log);
    AtomicBoolean exited = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      try {
        containers.await(container.id(), WaitCondition.NEXT_EXIT);
      } catch (IOException gone) {
        // removed, or the agent is stopping: the stream ends either way
      }
      exited.set(true);
    }, "attach-wait-" + container.shortId());
    waiter.setDaemon(true);
    waiter.start();
    boolean tty = container.options().tty();
    boolean upgrade = request.header("Upgrade").isPresent();
    response.head(upgrade ? 101 : 200, upgrade
        ? Map.of("Content-Type", List.of(MultiplexedStream.contentType(tty)),
            "Connection", List.of("Upgrade"), "Upgrade", List.of("tcp"))
        : Map.of("Content-Type", List.of(MultiplexedStream.contentType(tty))));
    boolean stdout = !request.query().containsKey("stdout") || request.queryFlag("stdout");
    boolean stderr = !request.query().containsKey("stderr") || request.queryFlag("stderr");
    try (OutputStream body = response.body()) {
      body.flush();
      MultiplexedStream out = new MultiplexedStream(body, tty, false);
      if (request.queryFlag("stream")) {
        follower.follow(exited::get, record -> {
          if (record.stream() == LogLine.Stream.STDOUT ? stdout : stderr) {
            out.write(record);
          }
        });
      }
    } finally {
      waiter.interrupt();
    }
  }
}
