package dev.berth.control.backup.schedule;

import java.time.Instant;
import java.util.UUID;

/** A schedule as {@code /api/v1/backups/schedules} shows it. */
public record ScheduleView(UUID id, String host, String hostLabel, String volume, String mode, String cron,
    int keepLast, int keepDaily, int keepWeekly, Instant createdAt, String createdBy, Instant nextRunAt,
    Instant lastRunAt, UUID lastJobId, String lastState, String lastError, int pending) {
  static ScheduleView of(BackupSchedule s) {
    return new ScheduleView(s.id, s.hostName, s.hostLabel, s.volume, s.mode, s.cron, s.keepLast, s.keepDaily,
        s.keepWeekly, s.createdAt, s.createdBy, s.nextRunAt, s.lastRunAt, s.lastJobId, s.lastState, s.lastError,
        s.pending);
  }
}
