package dev.berth.control.replica;

import java.util.UUID;

/**
 * CDI event: another replica changed a job of a host whose agent may be linked here ({@code state}
 * is the job's wire state: queued, cancelled, timed_out). A notice with no job asks to send every
 * linked agent its pending jobs again: notices may have been missed while PostgreSQL was away.
 */
public record JobNotice(UUID jobId, UUID hostId, String state) {
  static final JobNotice RESYNC = new JobNotice(null, null, null);

  /** Whether this notice stands for notices possibly missed. */
  public boolean isResync() {
    return jobId == null;
  }

  String payload() {
    return jobId + " " + hostId + " " + state;
  }

  static JobNotice parse(String payload) {
    String[] parts = payload.split(" ");
    return new JobNotice(UUID.fromString(parts[0]), UUID.fromString(parts[1]), parts[2]);
  }
}
