package dev.berth.agent.api.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.agent.api.DockerFilters;
import dev.berth.agent.events.EngineEvent;
import dev.berth.agent.events.EventType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFilterTest {
  private static final String CID = "4f3e2d1c0b".repeat(6) + "abcd";
  private static final EngineEvent START = container("start", Map.of("name", "web", "image", "busybox:1.36",
      "tier", "front"));
  private static final EngineEvent HEALTHY = container("health_status: healthy", Map.of("name", "web", "image", "app"));
  private static final EngineEvent TAG = EngineEvent.of(EventType.IMAGE, "tag",
      new EngineEvent.Actor("sha256:" + "ab".repeat(32), Map.of("name", "docker.io/library/busybox:latest")),
      Instant.now());
  private static final EngineEvent VOLUME = EngineEvent.of(EventType.VOLUME, "create",
      new EngineEvent.Actor("data", Map.of("driver", "local")), Instant.now());

  @Test
  void noFiltersPassEverything() {
    assertEquals(List.of(true, true, true, true), passing(Map.of()));
  }

  @Test
  void typeAndScopeAndEventCompareExactly() {
    assertEquals(List.of(false, false, true, false), passing(Map.of("type", List.of("image"))));
    assertEquals(List.of(true, true, false, true), passing(Map.of("type", List.of("container", "volume"))));
    assertEquals(List.of(true, true, true, true), passing(Map.of("scope", List.of("local"))));
    assertEquals(List.of(false, false, false, false), passing(Map.of("scope", List.of("swarm"))));
    assertEquals(List.of(true, false, false, false), passing(Map.of("event", List.of("start"))));
    assertEquals(List.of(false, false, false, false), passing(Map.of("event", List.of("health"))));
  }

  @Test
  void healthAndExecEventsAlsoMatchByPrefix() {
    assertEquals(List.of(false, true, false, false), passing(Map.of("event", List.of("health_status"))));
    assertEquals(List.of(true, true, false, false), passing(Map.of("event", List.of("start", "health_status"))));
  }

  @Test
  void containerMatchesIdPrefixOrNameAndExcludesOtherTypes() {
    assertEquals(List.of(true, true, false, false), passing(Map.of("container", List.of("web"))));
    assertEquals(List.of(true, true, false, false), passing(Map.of("container", List.of(CID.substring(0, 6)))));
    assertEquals(List.of(false, false, false, false), passing(Map.of("container", List.of("db"))));
    assertEquals(List.of(false, false, false, true), passing(Map.of("volume", List.of("data"))));
  }

  @Test
  void imageMatchesTheImageOfContainersAndTheNameOfImagesWithOrWithoutTag() {
    assertEquals(List.of(true, false, true, false), passing(Map.of("image", List.of("busybox"))));
    assertEquals(List.of(true, false, false, false), passing(Map.of("image", List.of("busybox:1.36"))));
    assertEquals(List.of(false, false, true, false), passing(Map.of("image", List.of("sha256:" + "ab".repeat(32)))));
    assertEquals(List.of(false, true, false, false), passing(Map.of("image", List.of("app"))));
  }

  @Test
  void labelsNeedEveryKeyAndValueGiven() {
    assertEquals(List.of(true, false, false, false), passing(Map.of("label", List.of("tier"))));
    assertEquals(List.of(true, false, false, false), passing(Map.of("label", List.of("tier=front"))));
    assertEquals(List.of(false, false, false, false), passing(Map.of("label", List.of("tier=back"))));
    assertEquals(List.of(false, false, false, false), passing(Map.of("label", List.of("tier", "zone"))));
  }

  @Test
  void unknownFiltersAreIgnoredAsDockerdIgnoresThem() {
    assertEquals(List.of(true, true, true, true), passing(Map.of("colour", List.of("red"))));
  }

  private static List<Boolean> passing(Map<String, List<String>> filters) {
    EventFilter filter = EventFilter.of(new DockerFilters(filters));
    return List.of(START, HEALTHY, TAG, VOLUME).stream().map(filter::test).toList();
  }

  private static EngineEvent container(String action, Map<String, String> attributes) {
    return EngineEvent.of(EventType.CONTAINER, action, new EngineEvent.Actor(CID, attributes), Instant.now());
  }
}
