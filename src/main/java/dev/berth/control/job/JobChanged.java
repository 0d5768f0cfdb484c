package dev.berth.control.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * CDI event fired inside the transaction that changed a job; observers that act on the change
 * (dispatch to the agent, live views, waiters) observe it {@code during = AFTER_SUCCESS}, so they
 * only ever see committed state.
 */
public record JobChanged(UUID jobId, UUID hostId, JobState state, String kind, JsonNode params) {
  static JobChanged of(Job job) {
    return new JobChanged(job.id, job.host.id, job.state, job.kind, job.params);
  }
}
