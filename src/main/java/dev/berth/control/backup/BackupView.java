package dev.berth.control.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** A backup as {@code /api/v1/backups} shows it: its manifest and where to download it. */
public record BackupView(UUID id, String host, String volume, JsonNode labels, Long size, Long files,
    long archiveBytes, String sha256, String mode, String format, String berthVersion, String source,
    UUID scheduleId, UUID group, Instant createdAt, String download) {
  /** The view of {@code b}. */
  public static BackupView of(Backup b) {
    return new BackupView(b.id, b.hostName, b.volume, b.labels, b.size, b.files, b.archiveBytes, b.sha256, b.mode,
        b.format, b.berthVersion, b.source, b.scheduleId, b.groupId, b.createdAt, "/api/v1/backups/" + b.id + "/archive");
  }
}
