package dev.berth.control.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A job as the API shows it; {@code events} only when one job is asked for; {@code operationId} when
 * the job is one host's part of a fleet operation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobView(
    UUID id, String host, UUID hostId, String kind, JsonNode params, String state, String createdBy,
    Instant createdAt, Instant startedAt, Instant finishedAt, Instant deadline, Integer progress,
    JsonNode result, String error, List<EventView> events, UUID operationId) {

  /** One entry of a job's history. */
  public record EventView(Instant at, String state, String message, Integer percent) {}

  /** The view of a job without its history. */
  public static JobView of(Job job) {
    return of(job, null);
  }

  /** The view of a job with its history. */
  public static JobView of(Job job, List<JobEvent> events) {
    return new JobView(job.id, job.host.name, job.host.id, job.kind, job.params, job.state.wireName(),
        job.createdBy, job.createdAt, job.startedAt, job.finishedAt, job.deadline, job.progress,
        job.result, job.error,
        events == null ? null : events.stream()
            .map(e -> new EventView(e.at, e.state.wireName(), e.message, e.percent)).toList(),
        job.operationId);
  }
}
