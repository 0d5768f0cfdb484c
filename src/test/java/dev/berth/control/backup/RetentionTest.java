package dev.berth.control.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Retention on a schedule's backups made every 6 hours for 30 days, the clock driven by the test. */
class RetentionTest {
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z"); // a Monday

  @Test
  void keepsTheLastNTheNewestOfEachOfDDaysAndOfEachOfWWeeks() {
    List<Retention.Made> made = new ArrayList<>();
    for (int i = 0; i < 30 * 4; i++) {
      made.add(new Retention.Made(UUID.randomUUID(), START.plus(Duration.ofHours(6L * i))));
    }
    Set<Instant> kept = times(made, new Retention(3, 0, 0).keep(made));
    assertEquals(Set.of(at(29, 18), at(29, 12), at(29, 6)), kept);

    kept = times(made, new Retention(1, 3, 0).keep(made));
    assertEquals(Set.of(at(29, 18), at(28, 18), at(27, 18)), kept, "the newest of each day; the last is today's");

    kept = times(made, new Retention(0, 0, 3).keep(made));
    // days 0-6 are week 1 (Mon-Sun), ... day 29 is in week 5: the newest of weeks 5, 4 and 3
    assertEquals(Set.of(at(29, 18), at(27, 18), at(20, 18)), kept);

    kept = times(made, new Retention(2, 2, 2).keep(made));
    assertEquals(Set.of(at(29, 18), at(29, 12), at(28, 18), at(27, 18)), kept, "rules overlap: kept once");
    assertThrows(IllegalArgumentException.class, () -> new Retention(0, 0, 0));
  }

  private static Instant at(int day, int hour) {
    return START.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
  }

  private static Set<Instant> times(List<Retention.Made> made, Set<UUID> ids) {
    return made.stream().filter(m -> ids.contains(m.id())).map(Retention.Made::at).collect(Collectors.toSet());
  }
}
