package dev.berth.agent.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.events.EngineEvent;
import dev.berth.agent.events.EventLog;
import dev.berth.agent.events.EventType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsEndpointTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path dir;
  private EventLog log;
  private DockerApiRouter router;

  @BeforeEach
  void open() throws Exception {
    log = EventLog.open(dir.resolve("events.log"));
    router = new DockerApiRouter(List.of(DockerRoute.get("/events", new EventsEndpoint(log))));
    log.publish(event(EventType.CONTAINER, "create", "c1", T0));
    log.publish(event(EventType.IMAGE, "tag", "sha256:" + "ab".repeat(32), T0.plusMillis(500)));
    log.publish(event(EventType.CONTAINER, "start", "c1", T0.plusSeconds(1)));
  }

  @AfterEach
  void close() throws Exception {
    log.close();
  }

  @Test
  void sinceAndUntilAreUnixSecondsWithAFractionOrRfc3339() {
    assertEquals(Instant.ofEpochSecond(1700000000, 500_000_000), DockerTime.parseTimestamp("1700000000.5"));
    assertEquals(Instant.ofEpochSecond(1700000000, 1), DockerTime.parseTimestamp("1700000000.000000001"));
    assertEquals(Instant.ofEpochSecond(1700000000), DockerTime.parseTimestamp("1700000000"));
    assertEquals(T0.plusMillis(250), DockerTime.parseTimestamp("2024-05-01T12:00:00.25+02:00"));
    assertEquals("strconv.ParseInt: parsing \"10m\": invalid syntax",
        assertThrows(IllegalArgumentException.class, () -> DockerTime.parseTimestamp("10m")).getMessage());
  }

  @Test
  void replaysThePastAndEndsWhenUntilHasPassed() throws Exception {
    CapturedResponse all = call("/v1.47/events?since=" + seconds(T0) + "&until=" + seconds(T0.plusSeconds(1)));
    assertEquals(200, all.status);
    assertEquals("application/json", all.header("Content-Type"));
    assertEquals(List.of("create", "tag", "start"), actions(all));
    assertTrue(all.text().endsWith("}\n"), all.text());
    assertEquals(List.of("tag", "start"), actions(call("/v1.47/events?since=" + seconds(T0.plusMillis(500))
        + "&until=2024-05-01T10:00:01Z")));
    assertEquals(List.of("create"), actions(call("/v1.47/events?until=" + seconds(T0.plusMillis(499)))));
    assertEquals(List.of("create", "start"), actions(call("/v1.47/events?since=0&until=" + seconds(T0.plusSeconds(9))
        + "&filters=" + encode("{\"type\":{\"container\":true}}"))));
    JsonNode first = new ObjectMapper().readTree(all.text().lines().findFirst().orElseThrow());
    assertEquals("create", first.get("status").asText());
    assertEquals("c1", first.at("/Actor/ID").asText());
    assertEquals(T0.getEpochSecond(), first.get("time").asLong());
  }

  @Test
  void streamsLiveEventsUntilUntil() throws Exception {
    Instant until = Instant.now().plusMillis(1500);
    CompletableFuture<CapturedResponse> stream = CompletableFuture.supplyAsync(() -> {
      try {
        return call("/events?since=" + seconds(T0.plusSeconds(1)) + "&until=" + seconds(until)
            + "&filters=" + encode("{\"container\":[\"c2\"],\"event\":[\"start\",\"die\"]}"));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.sleep(300);
    log.publish(event(EventType.CONTAINER, "create", "c2", Instant.now()));
    log.publish(event(EventType.CONTAINER, "start", "c2", Instant.now()));
    log.publish(event(EventType.CONTAINER, "start", "c3", Instant.now()));
    CapturedResponse answer = stream.get();
    assertTrue(Instant.now().isAfter(until), "ended at until");
    assertEquals(List.of("start"), actions(answer));
  }

  @Test
  void refusesBadTimesAndFiltersInDockerdsWords() throws Exception {
    assertError("strconv.ParseInt: parsing \"yesterday\": invalid syntax", "/events?since=yesterday");
    assertError("strconv.ParseInt: parsing \"x\": invalid syntax", "/events?until=12.x");
    assertError("strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
        "/events?until=99999999999999999999");
    assertError("`since` time (20) cannot be after `until` time (10)", "/events?since=20&until=10");
    assertError("invalid filter", "/events?filters=" + encode("{\"type\":"));
  }

  private void assertError(String message, String path) throws Exception {
    CapturedResponse answer = call(path);
    assertEquals(400, answer.status, answer.text());
    assertEquals(message, answer.json().get("message").asText());
  }

  private CapturedResponse call(String path) throws Exception {
    CapturedResponse response = new CapturedResponse();
    router.handle(DockerRequest.of("GET", path), response);
    assertTrue(response.ended);
    return response;
  }

  private static List<String> actions(CapturedResponse response) throws Exception {
    List<String> actions = new ArrayList<>();
    for (String line : response.text().split("\n")) {
      if (!line.isEmpty()) {
        actions.add(new ObjectMapper().readTree(line).get("Action").asText());
      }
    }
    return actions;
  }

  private static EngineEvent event(EventType type, String action, String id, Instant at) {
    return EngineEvent.of(type, action, new EngineEvent.Actor(id, Map.of("name", id)), at);
  }

  private static String seconds(Instant at) {
    return String.format("%d.%09d", at.getEpochSecond(), at.getNano());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
