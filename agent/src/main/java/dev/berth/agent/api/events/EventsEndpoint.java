package dev.berth.agent.api.events;

import dev.berth.agent.api.DockerApiException;
import dev.berth.agent.api.DockerEndpoint;
import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.events.EngineEvent;
import dev.berth.agent.events.EventLog;
import dev.berth.agent.events.EventSubscription;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /events?since=&until=&filters=}: the kept events from {@code since} (to {@code until}),
 * then live ones until {@code until} (for ever without it; not at all when {@code until} is past),
 * as JSON objects one per line, each flushed as it is written. The head goes out at once, as
 * dockerd flushes it, so a client knows the stream is open before the first event. A client that
 * goes away is noticed when the next event cannot be written (the transports give no other sign).
 */
public final class EventsEndpoint implements DockerEndpoint {
  private final EventLog log;

  /** Serves the events of {@code log}. */
  public EventsEndpoint(EventLog log) {
    this.log = log;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    Optional<Instant> since = time(request, "since");
    Optional<Instant> until = time(request, "until");
    if (until.isPresent() && since.isPresent() && until.get().isBefore(since.get())) {
      throw new DockerApiException(400, "`since` time (" + request.queryParam("since").orElse("")
          + ") cannot be after `until` time (" + request.queryParam("until").orElse("") + ")");
    }
    EventFilter filter = EventFilter.of(DockerFilters.of(request));
    boolean pastOnly = until.isPresent() && until.get().isBefore(Instant.now());
    response.head(200, Map.of("Content-Type", List.of("application/json")));
    try (OutputStream body = response.body();
        EventSubscription events = log.subscribe(since.orElse(null), until.orElse(null), filter)) {
      body.flush();
      for (EngineEvent event : events.replay()) {
        write(body, event);
      }
      while (!pastOnly && !events.ended()) {
        Duration left = until.map(end -> Duration.between(Instant.now(), end)).orElse(Duration.ofDays(1));
        if (left.isNegative() || left.isZero()) {
          break;
        }
        Optional<EngineEvent> next = events.next(left);
        if (next.isPresent()) {
          write(body, next.get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the transport is shutting down: the stream just ends
    }
  }

  // One write per event, JSON and its newline, as Go's json.Encoder writes it.
  private static void write(OutputStream body, EngineEvent event) throws IOException {
    byte[] json = JsonReply.mapper().writeValueAsBytes(event);
    byte[] line = Arrays.copyOf(json, json.length + 1);
    line[json.length] = '\n';
    body.write(line);
    body.flush();
  }

  private static Optional<Instant> time(DockerRequest request, String name) {
    String text = request.queryParam(name).orElse("");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(DockerTime.parseTimestamp(text));
    } catch (IllegalArgumentException e) {
      throw new DockerApiException(400, e.getMessage());
    }
  }
}
