package dev.berth.control.backup;

import java.util.UUID;

/**
 * A CDI event: a backup job of {@code volume} on {@code host} ended, with its backup or its
 * error; schedules observe it to apply retention and record failures.
 *
 * @param scheduleId the schedule that started it, or null
 * @param backupId the backup made, or null when it failed
 * @param error what went wrong, or null
 */
public record BackupFinished(UUID scheduleId, String host, String volume, UUID backupId, String error) {}
