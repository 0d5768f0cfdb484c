package dev.berth.control.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.database.RelaxedCommit;
import dev.berth.control.fleet.Host;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.JobProgress;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates jobs and moves them through their states as agents and people act on them. */
@ApplicationScoped
public class JobService {
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  static final Duration MAX_TIMEOUT = Duration.ofDays(30);
  private static final String KIND_PATTERN = "[a-z][a-z0-9]*([.-][a-z0-9]+)*";

  @Inject Event<JobChanged> changes;
  @Inject Event<JobProgressed> progressed;

  /** What a caller asks for: a job of {@code kind} on {@code host}. */
  public record NewJob(String host, String kind, JsonNode params, Long timeoutSeconds) {}

  /** The param naming the control-plane replica that runs a job of a control-plane kind. */
  public static final String RUNNER = "runner";

  /** Which jobs to list. */
  public record JobFilter(String host, JobState state, String kind, int limit) {}

  /** Validates and persists a new queued job; it is dispatched once the transaction commits. */
  @Transactional
  public Job create(NewJob spec, String createdBy) {
    return create(UUID.randomUUID(), spec, createdBy);
  }

  /** As {@link #create(NewJob, String)}, with an id the caller chose (to wait on it before it exists). */
  @Transactional
  public Job create(UUID id, NewJob spec, String createdBy) {
    if (spec.kind() == null || !spec.kind().matches(KIND_PATTERN)) {
      throw ApiProblem.badRequest("kind must match " + KIND_PATTERN);
    }
    if (spec.params() != null && !spec.params().isObject()) {
      throw ApiProblem.badRequest("params must be a JSON object");
    }
    Duration timeout = spec.timeoutSeconds() == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(spec.timeoutSeconds());
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw ApiProblem.badRequest("timeoutSeconds must be between 1 and " + MAX_TIMEOUT.toSeconds());
    }
    Host host = Host.findByRef(spec.host() == null ? "" : spec.host())
        .orElseThrow(() -> ApiProblem.notFound("no such host: " + spec.host()));
    Job job = new Job();
    job.id = id;
    job.host = host;
    job.kind = spec.kind();
    job.params = spec.params() == null ? JsonNodeFactory.instance.objectNode() : spec.params();
    job.state = JobState.QUEUED;
    job.createdBy = createdBy;
    job.createdAt = Instant.now();
    job.deadline = job.createdAt.plus(timeout);
    job.persist();
    JobEvent.append(job, "queued", null);
    changes.fire(JobChanged.of(job));
    return job;
  }

  /** The job with this id. */
  @Transactional
  public Optional<Job> find(UUID id) {
    return Job.findByIdOptional(id);
  }

  /** A job with its history, oldest first. */
  @Transactional
  public Optional<JobView> view(UUID id) {
    return Job.<Job>findByIdOptional(id).map(job -> JobView.of(job, JobEvent.list("jobId", Sort.by("id"), id)));
  }

  /** Jobs matching the filter, newest first. */
  @Transactional
  public List<Job> list(JobFilter filter) {
    List<String> clauses = new ArrayList<>();
    Parameters parameters = new Parameters();
    if (filter.host() != null) {
      clauses.add("(host.name = :host or cast(host.id as string) = :host)");
      parameters.and("host", filter.host());
    }
    if (filter.state() != null) {
      clauses.add("state = :state");
      parameters.and("state", filter.state());
    }
    if (filter.kind() != null) {
      clauses.add("kind = :kind");
      parameters.and("kind", filter.kind());
    }
    String query = clauses.isEmpty() ? "from Job" : "from Job where " + String.join(" and ", clauses);
    return Job.<Job>find(query, Sort.descending("createdAt"), parameters)
        .page(Page.ofSize(filter.limit())).list();
  }

  /**
   * The unfinished jobs of {@code kind} run by the control plane itself on replica {@code runner}
   * (named in their params under {@link #RUNNER}): once that replica restarts, nobody runs them.
   */
  @Transactional
  public List<Job> unfinishedRunBy(String kind, String runner) {
    List<Job> unfinished = Job.list("kind = ?1 and state in ?2", Sort.by("createdAt"), kind,
        List.of(JobState.QUEUED, JobState.RUNNING));
    return unfinished.stream().filter(job -> runner.equals(job.params.path(RUNNER).asText(null))).toList();
  }

  /** Jobs an agent should be running or about to run: sent to it again on every connect. */
  @Transactional
  public List<Job> pendingFor(UUID hostId) {
    return Job.list("host.id = ?1 and state in ?2", Sort.by("createdAt"), hostId,
        List.of(JobState.QUEUED, JobState.RUNNING));
  }

  /** Cancels a queued or running job; a finished job is left as it is. */
  @Transactional
  public Job cancel(UUID id) {
    Job job = lock(id).orElseThrow(() -> ApiProblem.notFound("no such job: " + id));
    if (job.state.isFinal()) {
      throw ApiProblem.conflict("job " + id + " already " + job.state.wireName());
    }
    finish(job, JobState.CANCELLED, null, "cancelled by request");
    return job;
  }

  /**
   * The agent reports progress on a job of its host. Progress is advisory, so its commit does not
   * wait for the WAL flush: a crash may lose the latest progress, never a job or its outcome
   * (the job is still unfinished and is sent again).
   */
  @Transactional
  public void progress(UUID hostId, JobProgress report) {
    RelaxedCommit.forThisTransaction();
    ownedBy(hostId, report.id()).filter(job -> !job.state.isFinal()).ifPresent(job -> {
      if (job.state == JobState.QUEUED) {
        job.state = JobState.RUNNING;
        job.startedAt = Instant.now();
        changes.fire(JobChanged.of(job));
      }
      if (report.percent() != null) {
        job.progress = Math.max(0, Math.min(100, report.percent()));
      }
      JobEvent.append(job, report.message(), report.percent());
      progressed.fire(new JobProgressed(job.id, job.operationId));
    });
  }

  /** The agent reports a job of its host finished; too late if it was cancelled or timed out. */
  @Transactional
  public void finished(UUID hostId, JobFinished report) {
    JobState state = JobState.fromWireName(report.state())
        .filter(JobState::isFinal).orElse(JobState.FAILED);
    String error = state == JobState.FAILED && report.error() == null
        ? "agent reported unknown final state " + report.state() : report.error();
    ownedBy(hostId, report.id()).filter(job -> !job.state.isFinal())
        .ifPresent(job -> finish(job, state, report.result(), error));
  }

  /** Marks every unfinished job past its deadline timed out; returns how many. */
  @Transactional
  public int expireOverdue() {
    List<Job> overdue = Job.<Job>find("state in ?1 and deadline < ?2",
            List.of(JobState.QUEUED, JobState.RUNNING), Instant.now())
        .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    overdue.forEach(job -> finish(job, JobState.TIMED_OUT, null, "did not finish before its deadline " + job.deadline));
    return overdue.size();
  }

  private void finish(Job job, JobState state, JsonNode result, String error) {
    job.state = state;
    job.finishedAt = Instant.now();
    job.result = result;
    job.error = error;
    if (state == JobState.SUCCEEDED) {
      job.progress = 100;
    }
    JobEvent.append(job, error == null ? state.wireName() : error, null);
    changes.fire(JobChanged.of(job));
  }

  private Optional<Job> lock(UUID id) {
    return Job.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
  }

  private Optional<Job> ownedBy(UUID hostId, String jobId) {
    try {
      return lock(UUID.fromString(jobId)).filter(job -> job.host.id.equals(hostId));
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
