package dev.berth.control.operation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An operation as the API and the dashboard show it: its state, how many hosts are in each job
 * state, and (when one operation is asked for) each host's part — state, progress, latest message,
 * result or error — so a partial failure reads host by host.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetOperationView(UUID id, String kind, JsonNode params, JsonNode target, String state,
                                 String createdBy, Instant createdAt, Instant deadline, Instant cancelledAt,
                                 Map<String, Integer> counts, Integer progress, List<HostPart> hosts,
                                 JsonNode skipped) {

  /** One host's job of the operation. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HostPart(String host, boolean online, UUID jobId, String state, Integer progress, String message,
                         Instant startedAt, Instant finishedAt, JsonNode result, String error) {
    static HostPart of(Job job, String message) {
      return new HostPart(job.host.name, job.host.online, job.id, job.state.wireName(), job.progress, message,
          job.startedAt, job.finishedAt, job.result, job.error);
    }
  }

  /** The view of {@code operation} with its jobs; {@code messages} (job id → latest message) null for a summary. */
  static FleetOperationView of(FleetOperation operation, List<Job> jobs, Map<UUID, String> messages) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Job job : jobs) {
      counts.merge(job.state.wireName(), 1, Integer::sum);
    }
    int progress = (int) jobs.stream()
        .mapToInt(j -> j.state == JobState.SUCCEEDED ? 100 : j.progress == null ? 0 : j.progress).average().orElse(0);
    boolean cancelled = operation.cancelledAt != null;
    return new FleetOperationView(operation.id, operation.kind, operation.params, operation.target,
        OperationState.of(jobs.stream().map(j -> j.state).toList(), cancelled), operation.createdBy,
        operation.createdAt, operation.deadline, operation.cancelledAt, counts, progress,
        messages == null ? null : jobs.stream().map(j -> HostPart.of(j, messages.get(j.id))).toList(),
        operation.skipped);
  }

  /** Whether the operation is over (it can no longer change). */
  public boolean over() {
    return OperationState.isFinal(state);
  }
}
