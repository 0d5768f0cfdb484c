package dev.berth.agent.api.containers;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerLog;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code GET /containers/{id}/logs?stdout=&stderr=&timestamps=&tail=&since=&until=&follow=}: the
 * log as a {@link MultiplexedStream}; with {@code follow} it goes on until the container stops.
 */
public final class ContainerLogsEndpoint implements DockerEndpoint {
  private final ContainerRuntime containers;

  /** Serves the logs of {@code containers}. */
  public ContainerLogsEndpoint(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    boolean stdout = request.queryFlag("stdout");
    boolean stderr = request.queryFlag("stderr");
    if (!stdout && !stderr) {
      throw new DockerApiException(400, "Bad parameters: you must choose at least one stream");
    }
    Container container = ContainerErrors.on(() -> containers.get(pathVariables.get("id")));
    Instant since = time(request, "since", Instant.MIN);
    Instant until = time(request, "until", Instant.MAX);
    Predicate<ContainerLog.Record> wanted = r -> (r.stream() == LogLine.Stream.STDOUT ? stdout : stderr)
        && !r.time().isBefore(since) && r.time().isBefore(until);
    int tail = tail(request.queryParam("tail").orElse("all"));
    response.head(200, Map.of("Content-Type", List.of(MultiplexedStream.contentType(container.options().tty()))));
    try (OutputStream body = response.body()) {
      MultiplexedStream out = new MultiplexedStream(body, container.options().tty(), request.queryFlag("timestamps"));
      Deque<ContainerLog.Record> kept = new ArrayDeque<>();
      LogFollower reader = new LogFollower(containers.logFile(container.id()), 0);
      reader.follow(() -> true, record -> {
        if (wanted.test(record) && tail != 0) {
          kept.addLast(record);
          if (tail > 0 && kept.size() > tail) {
            kept.removeFirst();
          }
        }
      });
      for (ContainerLog.Record record : kept) {
        out.write(record);
      }
      if (request.queryFlag("follow") && until.equals(Instant.MAX)) {
        reader.follow(() -> !running(container.id()), record -> {
          if (wanted.test(record)) {
            out.write(record);
          }
        });
      }
    }
  }

  private boolean running(String id) {
    try {
      return containers.get(id).isRunning();
    } catch (IOException gone) {
      return false;
    }
  }

  private static int tail(String text) {
    if (text.isEmpty() || text.equals("all")) {
      return -1;
    }
    try {
      return Math.max(-1, Integer.parseInt(text));
    } catch (NumberFormatException e) {
      return -1; // dockerd reads a bad tail as all
    }
  }

  // Unix seconds with an optional fraction, as the CLI sends them ("1700000000.123456789").
  private static Instant time(DockerRequest request, String name, Instant fallback) {
    String text = request.queryParam(name).orElse("");
    if (text.isEmpty() || text.equals("0")) {
      return fallback;
    }
    try {
      return DockerTime.parseTimestamp(text);
    } catch (IllegalArgumentException e) {
      throw new DockerApiException(400, "invalid value for " + name + ": " + text);
    }
  }
}
