package dev.berth.control.backup.schedule;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.LockOptions;

/**
 * Which replica runs a schedule's occurrence, and the schedule's run state. Claiming locks the
 * due schedules' rows ({@code for update skip locked}: another replica busy with a schedule skips
 * it), inserts the occurrence's row in {@code backup_schedule_run} (its primary key refuses a
 * second claim of the same occurrence even across replicas whose locks never met) and moves
 * {@code next_run_at} past {@code now}: missed occurrences are run once, not once each.
 */
@ApplicationScoped
public class ScheduleClaims {
  @ConfigProperty(name = "berth.replica") String replica;

  /** A schedule whose occurrence this replica claimed. */
  public record Claimed(BackupSchedule schedule, Instant occurrence) {}

  /** Claims the occurrences due at {@code now}. */
  List<Claimed> claimDue(Instant now) {
    return QuarkusTransaction.requiringNew().call(() -> {
      var em = Panache.getEntityManager();
      List<BackupSchedule> due = em
          .createQuery("from BackupSchedule where nextRunAt <= :now order by nextRunAt", BackupSchedule.class)
          .setParameter("now", now)
          .setLockMode(LockModeType.PESSIMISTIC_WRITE)
          .setHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
          .getResultList();
      List<Claimed> claimed = new ArrayList<>();
      for (BackupSchedule schedule : due) {
        Instant occurrence = schedule.nextRunAt;
        int inserted = em.createNativeQuery("insert into backup_schedule_run (schedule_id, occurrence, replica, claimed_at)"
                + " values (?1, ?2, ?3, ?4) on conflict do nothing")
            .setParameter(1, schedule.id).setParameter(2, occurrence).setParameter(3, replica).setParameter(4, now)
            .executeUpdate();
        Instant next = CronExpression.parse(schedule.cron).next(now);
        schedule.nextRunAt = next == null ? Instant.MAX : next;
        if (inserted == 1) {
          schedule.lastRunAt = occurrence;
          schedule.lastState = "running";
          schedule.lastError = null;
          schedule.pending = 0;
          claimed.add(new Claimed(schedule, occurrence));
        }
      }
      return claimed;
    });
  }

  /** Records that a run started {@code started} backups (the last one {@code lastJob}), with the errors of the others. */
  void started(UUID id, int started, UUID lastJob, String errors) {
    QuarkusTransaction.requiringNew().run(() -> {
      BackupSchedule schedule = lock(id);
      if (schedule == null) {
        return;
      }
      schedule.pending += started;
      if (lastJob != null) {
        schedule.lastJobId = lastJob;
      }
      record(schedule, errors);
    });
  }

  /** Records that one backup of a run ended, failing with {@code error} or not (null). */
  void finished(UUID id, String error) {
    QuarkusTransaction.requiringNew().run(() -> {
      BackupSchedule schedule = lock(id);
      if (schedule == null) {
        return;
      }
      schedule.pending = Math.max(0, schedule.pending - 1);
      record(schedule, error);
    });
  }

  private static void record(BackupSchedule schedule, String error) {
    if (error != null) {
      StringBuilder errors = new StringBuilder(schedule.lastError == null ? "" : schedule.lastError);
      BackupSchedules.append(errors, error);
      schedule.lastError = errors.toString();
    }
    if (schedule.pending == 0) {
      schedule.lastState = schedule.lastError == null ? "succeeded" : "failed";
    }
  }

  private static BackupSchedule lock(UUID id) {
    return Panache.getEntityManager().find(BackupSchedule.class, id, LockModeType.PESSIMISTIC_WRITE);
  }
}
