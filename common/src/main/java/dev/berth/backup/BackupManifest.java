package dev.berth.backup;

import java.util.Map;

/**
 * What a volume backup holds, written by the agent into the archive's trailer
 * ({@link BackupArchive}) and kept by the control plane with the archive's sha256.
 *
 * @param host the agent's host name
 * @param volume the volume's name
 * @param labels the volume's labels (empty when none)
 * @param size bytes of regular-file content
 * @param files entries archived (directories, links and the volume's root included)
 * @param createdAt when the backup started (RFC 3339)
 * @param berthVersion the agent's version
 * @param format {@link BackupArchive#FORMAT}
 * @param mode the consistency mode: live, pause or stop
 */
public record BackupManifest(String host, String volume, Map<String, String> labels, long size, long files,
    String createdAt, String berthVersion, String format, String mode) {}
