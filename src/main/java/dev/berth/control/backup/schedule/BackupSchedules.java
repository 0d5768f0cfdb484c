package dev.berth.control.backup.schedule;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.backup.Backup;
import dev.berth.control.backup.BackupFinished;
import dev.berth.control.backup.BackupService;
import dev.berth.control.backup.Retention;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Backup schedules: kept in PostgreSQL, checked and stored here, run by {@link #runDue} (the
 * {@link ScheduleTicker} calls it with the time; tests call it with a driven one). Each due
 * occurrence is claimed by one replica ({@link ScheduleClaims}); its backups are ordinary backup
 * jobs carrying the schedule's id; when each ends, the schedule's retention is applied to that
 * volume's backups (after a success) or the error is recorded on the schedule (after a failure).
 */
@ApplicationScoped
public class BackupSchedules {
  private static final Logger LOG = Logger.getLogger(BackupSchedules.class.getName());

  @Inject BackupService backups;
  @Inject ScheduleClaims claims;
  @Inject ScheduleTargets targets;

  /** What a client sends to create or change a schedule. */
  public record ScheduleSpec(String host, String hostLabel, String volume, String mode, String cron,
      Integer keepLast, Integer keepDaily, Integer keepWeekly) {}

  /** Creates a schedule; its first run is the cron's next time after {@code now}. */
  public ScheduleView create(ScheduleSpec spec, String createdBy, Instant now) {
    BackupSchedule schedule = new BackupSchedule();
    schedule.id = UUID.randomUUID();
    schedule.createdAt = now;
    schedule.createdBy = createdBy;
    apply(spec, schedule, now);
    QuarkusTransaction.requiringNew().run(schedule::persist);
    return ScheduleView.of(schedule);
  }

  /** Replaces schedule {@code id}'s settings; its next run is recomputed from {@code now}. */
  public ScheduleView update(UUID id, ScheduleSpec spec, Instant now) {
    return QuarkusTransaction.requiringNew().call(() -> {
      BackupSchedule schedule = BackupSchedule.<BackupSchedule>findByIdOptional(id)
          .orElseThrow(() -> notFound(id));
      apply(spec, schedule, now);
      return ScheduleView.of(schedule);
    });
  }

  /** All schedules, oldest first. */
  public List<ScheduleView> list() {
    return QuarkusTransaction.requiringNew().call(() -> BackupSchedule.<BackupSchedule>listAll(Sort.ascending("createdAt"))
        .stream().map(ScheduleView::of).toList());
  }

  /** Schedule {@code id}; 404 when there is none. */
  public ScheduleView find(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> BackupSchedule.<BackupSchedule>findByIdOptional(id)
        .map(ScheduleView::of).orElseThrow(() -> notFound(id)));
  }

  /** Deletes schedule {@code id}; its backups stay in the catalog. */
  public void delete(UUID id) {
    if (!QuarkusTransaction.requiringNew().call(() -> BackupSchedule.deleteById(id))) {
      throw notFound(id);
    }
  }

  /** Claims every occurrence due at {@code now} and starts its backups; returns the schedules run. */
  public List<UUID> runDue(Instant now) {
    List<ScheduleClaims.Claimed> claimed = claims.claimDue(now);
    for (ScheduleClaims.Claimed run : claimed) {
      start(run);
    }
    return claimed.stream().map(c -> c.schedule().id).toList();
  }

  private void start(ScheduleClaims.Claimed run) {
    BackupSchedule schedule = run.schedule();
    BackupService.Origin origin = new BackupService.Origin(schedule.id, null, "schedule:" + schedule.id);
    List<ScheduleTargets.Target> found;
    try {
      found = targets.resolve(schedule);
    } catch (RuntimeException e) {
      claims.started(schedule.id, 0, null, e.getMessage());
      return;
    }
    if (found.isEmpty()) {
      claims.started(schedule.id, 0, null, "no volume matches: " + targets.describe(schedule));
      return;
    }
    int started = 0;
    UUID lastJob = null;
    StringBuilder errors = new StringBuilder();
    for (ScheduleTargets.Target target : found) {
      try {
        lastJob = backups.start(target.host(), target.volume(), schedule.mode, origin).id;
        started++;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "schedule " + schedule.id + " cannot back up " + target, e);
        append(errors, target.volume() + " on " + target.host() + ": " + e.getMessage());
      }
    }
    claims.started(schedule.id, started, lastJob, errors.isEmpty() ? null : errors.toString());
  }

  void onFinished(@Observes BackupFinished outcome) {
    if (outcome.scheduleId() == null) {
      return;
    }
    if (outcome.error() == null) {
      applyRetention(outcome.scheduleId(), outcome.host(), outcome.volume());
    }
    claims.finished(outcome.scheduleId(),
        outcome.error() == null ? null : outcome.volume() + " on " + outcome.host() + ": " + outcome.error());
  }

  /** Deletes the backups of schedule {@code id} on {@code host}'s {@code volume} that its retention does not keep. */
  void applyRetention(UUID id, String host, String volume) {
    BackupSchedule schedule = QuarkusTransaction.requiringNew().call(() -> BackupSchedule.findById(id));
    if (schedule == null) {
      return;
    }
    Retention retention = new Retention(schedule.keepLast, schedule.keepDaily, schedule.keepWeekly);
    List<Backup> made = QuarkusTransaction.requiringNew().call(() -> Backup.<Backup>list(
        "scheduleId = ?1 and hostName = ?2 and volume = ?3", id, host, volume));
    Set<UUID> keep = retention.keep(made.stream().map(b -> new Retention.Made(b.id, b.createdAt)).toList());
    for (Backup backup : made) {
      if (!keep.contains(backup.id)) {
        try {
          backups.delete(backup.id);
        } catch (ApiProblem gone) {
          // deleted meanwhile
        }
      }
    }
  }

  private void apply(ScheduleSpec spec, BackupSchedule schedule, Instant now) {
    if (spec == null) {
      throw ApiProblem.badRequest("a JSON body with host (or hostLabel), cron and retention is required");
    }
    boolean byName = spec.host() != null && !spec.host().isEmpty();
    boolean byLabel = spec.hostLabel() != null && !spec.hostLabel().isEmpty();
    if (byName == byLabel) {
      throw ApiProblem.badRequest("give host or hostLabel (exactly one)");
    }
    String volume = spec.volume() == null || spec.volume().isEmpty() ? null : spec.volume();
    if (volume != null && !volume.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
      throw ApiProblem.badRequest("invalid volume name \"" + volume + "\"");
    }
    CronExpression cron;
    Retention retention;
    try {
      cron = CronExpression.parse(spec.cron());
      retention = new Retention(orZero(spec.keepLast()), orZero(spec.keepDaily()), orZero(spec.keepWeekly()));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
    schedule.hostName = byName ? spec.host() : null;
    schedule.hostLabel = byLabel ? spec.hostLabel() : null;
    schedule.volume = volume;
    schedule.mode = BackupService.checkMode(spec.mode());
    schedule.cron = cron.toString();
    schedule.keepLast = retention.last();
    schedule.keepDaily = retention.daily();
    schedule.keepWeekly = retention.weekly();
    schedule.nextRunAt = cron.next(now);
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }

  static void append(StringBuilder errors, String error) {
    if (!errors.isEmpty()) {
      errors.append("; ");
    }
    errors.append(error);
  }

  private static ApiProblem notFound(UUID id) {
    return ApiProblem.notFound("no such schedule: " + id);
  }
}
