package dev.berth.control.backup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which backups of a schedule to keep: the newest {@code last}; the newest of each of the last
 * {@code daily} days that have one; the newest of each of the last {@code weekly} ISO weeks that
 * have one (UTC). A backup kept by any rule is kept; the rest are deleted.
 */
public record Retention(int last, int daily, int weekly) {
  /** A backup as retention sees it. */
  public record Made(UUID id, Instant at) {}

  /** Refuses negative counts and keeping nothing at all. */
  public Retention {
    if (last < 0 || daily < 0 || weekly < 0 || last + daily + weekly == 0) {
      throw new IllegalArgumentException("keepLast, keepDaily and keepWeekly must be >= 0, and one of them > 0");
    }
  }

  /** The ids of {@code backups} to keep. */
  public Set<UUID> keep(List<Made> backups) {
    List<Made> newestFirst = backups.stream().sorted(Comparator.comparing(Made::at).reversed()).toList();
    Set<UUID> kept = new LinkedHashSet<>();
    newestFirst.stream().limit(last).forEach(b -> kept.add(b.id()));
    Set<LocalDate> days = new HashSet<>();
    Set<String> weeks = new HashSet<>();
    for (Made backup : newestFirst) {
      LocalDate day = backup.at().atZone(ZoneOffset.UTC).toLocalDate();
      if (days.size() < daily && days.add(day)) {
        kept.add(backup.id());
      }
      String week = day.get(IsoFields.WEEK_BASED_YEAR) + "-" + day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      if (weeks.size() < weekly && weeks.add(week)) {
        kept.add(backup.id());
      }
    }
    return kept;
  }
}
