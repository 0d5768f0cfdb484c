package dev.berth.agent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void writesDockerdsJsonWithTheLegacyFieldsOfContainerAndImageEvents() throws Exception {
    EngineEvent die = EngineEvent.of(EventType.CONTAINER, "die",
        new EngineEvent.Actor("c1", Map.of("name", "web", "image", "busybox", "exitCode", "3")), T0.plusNanos(5));
    assertEquals("{\"status\":\"die\",\"id\":\"c1\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"die\","
        + "\"Actor\":{\"ID\":\"c1\",\"Attributes\":{\"exitCode\":\"3\",\"image\":\"busybox\",\"name\":\"web\"}},"
        + "\"scope\":\"local\",\"time\":1714557600,\"timeNano\":1714557600000000005}",
        new ObjectMapper().writeValueAsString(die));
    EngineEvent prune = EngineEvent.of(EventType.VOLUME, "prune", new EngineEvent.Actor("", Map.of()), T0);
    assertEquals("{\"Type\":\"volume\",\"Action\":\"prune\",\"Actor\":{\"ID\":\"\",\"Attributes\":{}},"
        + "\"scope\":\"local\",\"time\":1714557600,\"timeNano\":1714557600000000000}",
        new ObjectMapper().writeValueAsString(prune));
    assertEquals(die, new ObjectMapper().readValue(new ObjectMapper().writeValueAsString(die), EngineEvent.class));
  }

  @Test
  void replaysFromSinceToUntilInclusiveAndNothingWithoutEither() throws Exception {
    try (EventLog log = open(100)) {
      for (int i = 0; i < 5; i++) {
        log.publish(event("c" + i, T0.plusSeconds(i)));
      }
      assertEquals(List.of("c2", "c3"), ids(log.subscribe(T0.plusSeconds(2), T0.plusSeconds(3), e -> true).replay()));
      assertEquals(List.of("c0", "c1"), ids(log.subscribe(null, T0.plusSeconds(1), e -> true).replay()));
      assertEquals(List.of("c3", "c4"), ids(log.subscribe(T0.plusSeconds(3), null, e -> true).replay()));
      assertEquals(List.of("c4"), ids(log.subscribe(T0, null, e -> e.actor().id().equals("c4")).replay()));
      assertEquals(List.of(), ids(log.subscribe(null, null, e -> true).replay()));
    }
  }

  @Test
  void listenersGetLiveEventsThatPassTheirFilterAndEndWhenTheLogCloses() throws Exception {
    EventLog log = open(100);
    log.publish(event("old", T0));
    EventSubscription listener = log.subscribe(T0, null, e -> !e.actor().id().equals("skipped"));
    EventSubscription gone = log.subscribe(null, null, e -> true);
    gone.close();
    log.publish(event("skipped", T0.plusSeconds(1)));
    log.publish(event("new", T0.plusSeconds(2)));
    assertEquals(List.of("old"), ids(listener.replay()));
    assertEquals("new", listener.next(Duration.ofSeconds(5)).orElseThrow().actor().id());
    assertEquals(Optional.empty(), listener.next(Duration.ofMillis(20)));
    assertEquals(Optional.empty(), gone.next(Duration.ofMillis(20)));
    log.close();
    assertTrue(listener.ended());
  }

  @Test
  void keepsTheNewestInMemoryAndReadsThemBackFromTheJournalAfterARestart() throws Exception {
    try (EventLog log = open(3)) {
      for (int i = 0; i < 5; i++) {
        log.publish(event("c" + i, T0.plusSeconds(i)));
      }
      assertEquals(List.of("c2", "c3", "c4"), ids(log.subscribe(T0, null, e -> true).replay()));
    }
    Files.writeString(dir.resolve("events.log"), "{\"Type\":\"conta", StandardOpenOption.APPEND); // a torn line
    try (EventLog log = open(3)) {
      assertEquals(List.of("c2", "c3", "c4"), ids(log.subscribe(T0, null, e -> true).replay()));
      log.publish(event("c5", T0.plusSeconds(5)));
    }
    try (EventLog log = open(10)) {
      assertEquals(List.of("c0", "c1", "c2", "c3", "c4", "c5"), ids(log.subscribe(T0, null, e -> true).replay()));
    }
  }

  @Test
  void rotatesTheJournalAtItsBoundKeepingThePreviousFile() throws Exception {
    long lineBytes = new ObjectMapper().writeValueAsBytes(event("c0", T0)).length + 1;
    try (EventLog log = new EventLog(EventJournal.open(dir.resolve("events.log"), lineBytes * 3), 100)) {
      for (int i = 0; i < 8; i++) {
        log.publish(event("c" + i, T0.plusSeconds(i)));
      }
    }
    assertEquals(2, Files.readAllLines(dir.resolve("events.log"), StandardCharsets.UTF_8).size());
    assertEquals(3, Files.readAllLines(dir.resolve("events.log.1"), StandardCharsets.UTF_8).size());
    try (EventLog log = open(100)) {
      assertEquals(List.of("c3", "c4", "c5", "c6", "c7"), ids(log.subscribe(T0, null, e -> true).replay()));
    }
  }

  private EventLog open(int kept) throws Exception {
    return new EventLog(EventJournal.open(dir.resolve("events.log"), EventJournal.DEFAULT_MAX_BYTES), kept);
  }

  private static EngineEvent event(String id, Instant at) {
    return EngineEvent.of(EventType.CONTAINER, "start", new EngineEvent.Actor(id, Map.of("name", id)), at);
  }

  private static List<String> ids(List<EngineEvent> events) {
    return events.stream().map(e -> e.actor().id()).toList();
  }
}
