package dev.berth.control.backup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cron parser: fields, ranges, lists, steps, names, the day-field rule, and bad input. */
class CronExpressionTest {
  private static Instant next(String cron, String after) {
    return CronExpression.parse(cron).next(Instant.parse(after));
  }

  @Test
  void everyMinuteIsTheNextWholeMinute() {
    assertEquals(Instant.parse("2026-01-01T10:01:00Z"), next("* * * * *", "2026-01-01T10:00:30Z"));
    assertEquals(Instant.parse("2026-01-01T10:01:00Z"), next("* * * * *", "2026-01-01T10:00:00Z"));
  }

  @Test
  void stepsRangesAndListsCombine() {
    assertEquals(Instant.parse("2026-01-01T10:15:00Z"), next("*/15 * * * *", "2026-01-01T10:01:00Z"));
    assertEquals(Instant.parse("2026-01-01T11:00:00Z"), next("*/15 * * * *", "2026-01-01T10:45:00Z"));
    assertEquals(Instant.parse("2026-01-01T13:05:00Z"), next("5 9-17/4 * * *", "2026-01-01T09:05:00Z"));
    assertEquals(Instant.parse("2026-01-01T18:30:00Z"), next("30 6,18 * * *", "2026-01-01T07:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T00:40:00Z"), next("10-50/30 * * * *", "2026-01-01T00:10:00Z"));
    assertEquals(Instant.parse("2026-01-01T00:10:00Z"), next("10/30 * * * *", "2026-01-01T00:00:00Z"));
  }

  @Test
  void monthAndWeekdayNamesAndSundayAsSeven() {
    // 2026-01-01 is a Thursday.
    assertEquals(Instant.parse("2026-01-05T02:00:00Z"), next("0 2 * * MON", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 * * 7", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("0 0 * * sun", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), next("0 0 1 mar-may *", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-02T00:00:00Z"), next("0 0 * * MON-FRI", "2026-01-01T00:00:00Z"));
  }

  @Test
  void bothDayFieldsRestrictedMatchEither() {
    // the 15th, or any Monday: Monday 5 January comes first
    assertEquals(Instant.parse("2026-01-05T00:00:00Z"), next("0 0 15 * 1", "2026-01-01T00:00:00Z"));
    // only the day of month restricted: the 15th
    assertEquals(Instant.parse("2026-01-15T00:00:00Z"), next("0 0 15 * *", "2026-01-01T00:00:00Z"));
  }

  @Test
  void leapDaysAndShorthands() {
    assertEquals(Instant.parse("2028-02-29T00:00:00Z"), next("0 0 29 2 *", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z"), next("@yearly", "2026-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2026-01-01T11:00:00Z"), next("@hourly", "2026-01-01T10:00:00Z"));
    assertEquals(Instant.parse("2026-01-04T00:00:00Z"), next("@weekly", "2026-01-01T00:00:00Z"));
  }

  @Test
  void badExpressionsSayWhatIsWrong() {
    assertTrue(message("* * * *").contains("must have 5 fields"));
    assertTrue(message("60 * * * *").contains("invalid minute \"60\""));
    assertTrue(message("* 24 * * *").contains("invalid hour"));
    assertTrue(message("* * 0 * *").contains("invalid day of month"));
    assertTrue(message("* * * FOO *").contains("invalid month \"FOO\""));
    assertTrue(message("*/0 * * * *").contains("invalid minute \"0\""));
    assertTrue(message("5-1 * * * *").contains("runs backwards"));
    assertTrue(message("0 0 30 2 *").contains("never fires"));
    assertTrue(message("").contains("required"));
    assertTrue(message("1,,2 * * * *").contains("invalid minute \"\""));
  }

  private static String message(String cron) {
    return assertThrows(IllegalArgumentException.class, () -> CronExpression.parse(cron)).getMessage();
  }
}
