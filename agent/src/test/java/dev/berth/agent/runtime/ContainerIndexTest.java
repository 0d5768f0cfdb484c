package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContainerIndexTest {
  private final ContainerIndex index = new ContainerIndex();

  private Container add(String id, String name, int second) throws ContainerConflictException {
    index.reserve(name, id);
    Container container = new Container(id, name, "sha256:" + "0".repeat(64), "img", Instant.ofEpochSecond(second),
        ContainerStatus.CREATED, 0, 0, 0, null, null, "/log", CreateOptions.builder("img").build(), 0, false);
    index.put(container);
    return container;
  }

  @Test
  void findsByFullIdThenNameThenUniquePrefix() throws Exception {
    Container a = add("abc1" + "0".repeat(60), "web", 1);
    Container b = add("abc2" + "0".repeat(60), "abc1", 2);

    assertEquals(a, index.find(a.id()));
    assertEquals(b, index.find("abc1"), "a name before an id prefix, as Docker");
    assertEquals(a, index.find("/web"));
    assertEquals(b, index.find("abc2"));
    ContainerConflictException ambiguous = assertThrows(ContainerConflictException.class, () -> index.find("abc"));
    assertTrue(ambiguous.getMessage().startsWith("multiple IDs found"), ambiguous.getMessage());
    assertEquals("No such container: zzz", assertThrows(ContainerNotFoundException.class, () -> index.find("zzz")).getMessage());
    assertEquals(List.of(b, a), index.all(), "newest first");
  }

  @Test
  void tellsTheListenerOfEveryPutAndRemovalButNotOfReservations() throws Exception {
    AtomicInteger changes = new AtomicInteger();
    index.onChange(changes::incrementAndGet);
    Container a = add(ContainerId.generate(), "watched", 1);
    assertEquals(1, changes.get(), "created");
    index.put(a.started(Instant.ofEpochSecond(2)));
    assertEquals(2, changes.get(), "a new state");
    index.reserve("unused", ContainerId.generate());
    index.remove(ContainerId.generate());
    assertEquals(2, changes.get(), "a reservation and an unknown id change nothing");
    index.remove(a.id());
    assertEquals(3, changes.get(), "removed");
  }

  @Test
  void namesAreReservedOnceAndFreedOnRemoval() throws Exception {
    Container a = add(ContainerId.generate(), "db", 1);
    String other = ContainerId.generate();
    assertThrows(ContainerConflictException.class, () -> index.reserve("/db", other));
    index.remove(a.id());
    assertEquals("db", index.reserve("db", other));
    index.release("db", other);
    assertEquals("db", index.reserve("db", a.id()));
  }

  @Test
  void namesAreValidatedAndGeneratedOnesDiffer() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> index.reserve("a", ContainerId.generate()));
    assertThrows(IllegalArgumentException.class, () -> index.reserve("_x", ContainerId.generate()));
    assertThrows(IllegalArgumentException.class, () -> index.reserve("a b", ContainerId.generate()));
    assertEquals("ok_1.x-y", index.reserve("ok_1.x-y", ContainerId.generate()));
    Set<String> generated = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String name = index.reserve(null, ContainerId.generate());
      assertTrue(name.matches("[a-z]+_[a-z]+\\d*"), name);
      assertTrue(generated.add(name), "unique: " + name);
    }
  }

  @Test
  void idsAre64HexAndNeverAllDigitsInShortForm() {
    for (int i = 0; i < 100; i++) {
      String id = ContainerId.generate();
      assertTrue(ContainerId.isFull(id), id);
      assertTrue(!id.substring(0, 12).chars().allMatch(Character::isDigit), id);
    }
  }
}
