package dev.berth.control.job;

import java.util.UUID;

/**
 * CDI event fired inside the transaction that recorded a job's progress (not a change of state:
 * that is {@link JobChanged}); {@code operationId} is the fleet operation the job belongs to, or null.
 */
public record JobProgressed(UUID jobId, UUID operationId) {}
