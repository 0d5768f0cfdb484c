package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.events.EngineEvent;
import dev.berth.agent.events.EventLog;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container events across a runtime restart (the agent's journal), on real runc and conmon: needs root. */
@Tag("root")
class ContainerEventsAsRootTest {
  @TempDir java.nio.file.Path temp;
  private RuntimeFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = RuntimeFixture.onThisHost(temp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void eventsSurviveARestartAndAnExitWhileNoRuntimeWatchedDiesOnce() throws Exception {
    Instant since = Instant.now();
    EventLog firstLog = EventLog.open(fixture.layout.eventsJournal());
    ContainerRuntime first = fixture.runtime(firstLog);
    Container quick = first.create(run("sh", "-c", "exit 7").name("quick").build());
    first.start(quick.id());
    Container waiting = first.create(run("sh", "-c", "while [ ! -e /go ]; do sleep 0.05; done; exit 4")
        .name("waiting").build());
    first.start(waiting.id());
    assertEquals(7, first.await(quick.id(), Duration.ofSeconds(10)).exitCode());
    first.close();
    firstLog.close();

    ContainerDirectory dir = ContainerDirectory.of(fixture.settings.containersDir(), waiting.id());
    Files.createFile(dir.rootfs().resolve("go"));
    for (int i = 0; i < 200 && dir.exitCode().isEmpty(); i++) {
      Thread.sleep(50);
    }
    assertTrue(dir.exitCode().isPresent(), "it exited while no runtime ran");

    try (EventLog log = EventLog.open(fixture.layout.eventsJournal())) {
      ContainerRuntime second = fixture.runtime(log);
      second.list();
      assertEquals(4, second.await(waiting.id(), Duration.ofSeconds(1)).exitCode());
      second.delete(quick.id(), false);
      List<EngineEvent> seen = log.subscribe(since, Instant.now(), e -> true).replay();
      assertEquals(List.of("create", "start", "die 7", "destroy"), actions(seen, quick.id()));
      assertEquals(List.of("create", "start", "die 4"), actions(seen, waiting.id()));
      EngineEvent die = seen.stream().filter(e -> e.action().equals("die")).findFirst().orElseThrow();
      assertEquals("quick", die.actor().attributes().get("name"));
      assertEquals(RuntimeFixture.IMAGE, die.actor().attributes().get("image"));
      assertEquals(RuntimeFixture.IMAGE, die.from());
      second.close();
    }
  }

  private static List<String> actions(List<EngineEvent> events, String id) {
    return events.stream().filter(e -> e.actor().id().equals(id))
        .map(e -> e.action() + (e.action().equals("die") ? " " + e.actor().attributes().get("exitCode") : ""))
        .toList();
  }
}
