package dev.berth.control.backup.schedule;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A five-field cron expression, evaluated in UTC: {@code minute hour day-of-month month
 * day-of-week}. Each field is {@code *}, a value, a range {@code a-b}, a list {@code a,b,c}, and
 * any of those with a step {@code /n}; months and weekdays also by name ({@code JAN}, {@code MON});
 * Sunday is 0 or 7. As in Vixie cron, when both day fields are restricted a day matching either
 * one matches. {@code @hourly}, {@code @daily}, {@code @weekly}, {@code @monthly} and
 * {@code @yearly} are shorthands.
 */
public final class CronExpression {
  private static final Map<String, String> SHORTHANDS = Map.of(
      "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
      "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  /** Far enough to find the next 29 February after any instant. */
  private static final int SEARCH_YEARS = 9;

  private final String text;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean anyDayOfMonth;
  private final boolean anyDayOfWeek;

  private CronExpression(String text, String[] fields) {
    this.text = text;
    minutes = field("minute", fields[0], 0, 59, List.of());
    hours = field("hour", fields[1], 0, 23, List.of());
    daysOfMonth = field("day of month", fields[2], 1, 31, List.of());
    months = field("month", fields[3], 1, 12, MONTHS);
    daysOfWeek = field("day of week", fields[4], 0, 7, DAYS);
    if (daysOfWeek.get(7)) {
      daysOfWeek.set(0);
    }
    anyDayOfMonth = fields[2].startsWith("*");
    anyDayOfWeek = fields[4].startsWith("*");
  }

  /** Parses {@code text}; an {@link IllegalArgumentException} says what is wrong with it. */
  public static CronExpression parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a cron expression is required");
    }
    String trimmed = text.trim();
    String expanded = SHORTHANDS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException("cron expression \"" + text
          + "\" must have 5 fields: minute hour day-of-month month day-of-week");
    }
    CronExpression cron = new CronExpression(trimmed, fields);
    if (cron.next(Instant.EPOCH) == null) {
      throw new IllegalArgumentException("cron expression \"" + text + "\" never fires");
    }
    return cron;
  }

  /** The first time strictly after {@code after} (to the minute) that matches; null if none within years. */
  public Instant next(Instant after) {
    ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(SEARCH_YEARS);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t.toInstant();
      }
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue());
    if (anyDayOfMonth || anyDayOfWeek) {
      return dom && dow;
    }
    return dom || dow;
  }

  private static BitSet field(String name, String spec, int min, int max, List<String> names) {
    BitSet values = new BitSet(max + 1);
    for (String part : spec.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max, List.of());
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-', 1);
        from = number(name, dash < 0 ? range : range.substring(0, dash), min, max, names);
        to = dash < 0 ? (slash >= 0 ? max : from) : number(name, range.substring(dash + 1), min, max, names);
        if (to < from) {
          throw new IllegalArgumentException(name + " range \"" + range + "\" runs backwards");
        }
      }
      for (int v = from; v <= to; v += step) {
        values.set(v);
      }
    }
    return values;
  }

  private static int number(String name, String text, int min, int max, List<String> names) {
    int named = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (named >= 0) {
      return named + (names == MONTHS ? 1 : 0);
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the error
    }
    throw new IllegalArgumentException("invalid " + name + " \"" + text + "\" (" + min + "-" + max + ")");
  }

  @Override
  public String toString() {
    return text;
  }
}
