package dev.berth.control.backup.schedule;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs the due backup schedules every few seconds on every replica (claims keep each occurrence to one). */
@ApplicationScoped
public class ScheduleTicker {
  private static final Logger LOG = Logger.getLogger(ScheduleTicker.class.getName());

  @Inject BackupSchedules schedules;

  @Scheduled(every = "${berth.backup.schedule-tick:10s}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    try {
      schedules.runDue(Instant.now());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "backup schedules", e);
    }
  }
}
