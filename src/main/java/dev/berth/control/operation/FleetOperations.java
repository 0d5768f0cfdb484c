package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.backup.BackupService;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.VolumeInventory;
import dev.berth.control.inventory.VolumeView;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobEvent;
import dev.berth.control.job.JobService;
import dev.berth.control.job.JobState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Starts, shows and cancels fleet operations. Everything is checked — kind, parameters, target,
 * grants — before anything is created; then the operation and one job per host are written in
 * one transaction and the job machinery takes over: each job goes to its agent when the
 * transaction commits or when that agent connects (an offline host's job waits, queued, until
 * then or until the operation's deadline), the agent's ledger runs it once, its progress and
 * outcome land on the job. A backup operation's jobs are the backup service's own (one per volume),
 * started after the operation is written.
 */
@ApplicationScoped
public class FleetOperations {
  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);
  static final Duration MAX_TIMEOUT = Duration.ofDays(7);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject JobService jobs;
  @Inject BackupService backups;
  @Inject VolumeInventory volumes;

  /** What a caller asks for. */
  public record NewOperation(String kind, OperationTarget target, JsonNode params, Long timeoutSeconds) {}

  private record PlannedBackup(String host, String volume) {}

  private record Created(UUID id, List<PlannedBackup> backups, String mode, String createdBy) {}

  /** Checks and starts an operation for {@code identity}; answers it as it is right after. */
  public FleetOperationView create(NewOperation spec, SecurityIdentity identity) {
    Created created = QuarkusTransaction.requiringNew().call(() -> persist(spec, identity));
    for (PlannedBackup planned : created.backups()) {
      Job job = backups.start(planned.host(), planned.volume(), created.mode(), BackupService.Origin.by(created.createdBy()));
      QuarkusTransaction.requiringNew().run(() -> Job.update("operationId = ?1 where id = ?2", created.id(), job.id));
    }
    return view(created.id()).orElseThrow();
  }

  /** The operation with each host's part. */
  public Optional<FleetOperationView> view(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> FleetOperation.<FleetOperation>findByIdOptional(id).map(op -> {
      List<Job> children = Job.list("operationId", Sort.by("host.name").and("createdAt"), id);
      return FleetOperationView.of(op, children, latestMessages(children));
    }));
  }

  /** The latest operations, newest first, without their hosts' parts. */
  public List<FleetOperationView> list(int limit) {
    return QuarkusTransaction.requiringNew().call(() -> {
      List<FleetOperation> operations = FleetOperation.<FleetOperation>findAll(Sort.descending("createdAt"))
          .page(Page.ofSize(limit)).list();
      Map<UUID, List<Job>> children = operations.isEmpty() ? Map.of()
          : Job.<Job>list("operationId in ?1", operations.stream().map(op -> op.id).toList()).stream()
              .collect(Collectors.groupingBy(job -> job.operationId));
      return operations.stream().map(op -> FleetOperationView.of(op, children.getOrDefault(op.id, List.of()), null))
          .toList();
    });
  }

  /**
   * Cancels the operation: hosts whose job is queued never start it, running ones are asked to stop
   * (their agents cancel the job at its next check); hosts already done keep their outcome. 409 when
   * the whole operation is already over.
   */
  public FleetOperationView cancel(UUID id) {
    QuarkusTransaction.requiringNew().run(() -> {
      FleetOperation operation = FleetOperation.<FleetOperation>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
          .orElseThrow(() -> ApiProblem.notFound("no such operation: " + id));
      List<Job> unfinished = Job.<Job>find("operationId = ?1 and state in ?2", id,
          List.of(JobState.QUEUED, JobState.RUNNING)).withLock(LockModeType.PESSIMISTIC_WRITE).list();
      if (unfinished.isEmpty() || operation.cancelledAt != null) {
        throw ApiProblem.conflict("operation " + id + " is already " + (operation.cancelledAt != null ? "cancelled" : "over"));
      }
      operation.cancelledAt = Instant.now();
      unfinished.forEach(job -> jobs.cancel(job.id));
    });
    return view(id).orElseThrow();
  }

  private Created persist(NewOperation spec, SecurityIdentity identity) {
    if (spec.kind() == null) {
      throw ApiProblem.badRequest("kind is required");
    }
    OperationKind kind = OperationKind.of(spec.kind());
    if (spec.params() != null && !spec.params().isObject()) {
      throw ApiProblem.badRequest("params must be a JSON object");
    }
    ObjectNode params = kind.jobParams(spec.params() == null ? JsonNodeFactory.instance.objectNode() : spec.params());
    Duration timeout = spec.timeoutSeconds() == null ? DEFAULT_TIMEOUT : Duration.ofSeconds(spec.timeoutSeconds());
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw ApiProblem.badRequest("timeoutSeconds must be between 1 and " + MAX_TIMEOUT.toSeconds());
    }
    if (spec.target() == null) {
      throw ApiProblem.badRequest("target is required: {\"hosts\": [...]}, {\"selector\": \"env=prod\"} or {\"all\": true}");
    }
    OperationTarget.Resolution targets = spec.target().resolve(identity);
    List<OperationTarget.Skipped> skipped = new ArrayList<>(targets.skipped());
    List<PlannedBackup> planned = kind == OperationKind.BACKUP ? planBackups(targets.hosts(), params, skipped) : List.of();
    String user = identity.getPrincipal().getName();
    FleetOperation operation = new FleetOperation();
    operation.id = UUID.randomUUID();
    operation.kind = kind.wireName();
    operation.params = params;
    operation.target = spec.target().toJson();
    operation.createdBy = user;
    operation.createdAt = Instant.now();
    operation.deadline = operation.createdAt.plus(timeout);
    operation.skipped = JSON.valueToTree(skipped);
    operation.persist();
    if (kind != OperationKind.BACKUP) {
      for (Host host : targets.hosts()) {
        Job job = jobs.create(new JobService.NewJob(host.name, kind.jobKind(), params, timeout.toSeconds()), user);
        job.operationId = operation.id;
      }
    }
    return new Created(operation.id, planned, params.path("mode").asText(null), user);
  }

  // One backup per volume named (or labelled) on each host, as the inventory knows the host's volumes.
  private List<PlannedBackup> planBackups(List<Host> hosts, JsonNode params, List<OperationTarget.Skipped> skipped) {
    List<PlannedBackup> planned = new ArrayList<>();
    String name = params.path("volume").asText(null);
    String label = params.path("volumeLabel").asText(null);
    for (Host host : hosts) {
      List<String> found = volumes.list(host.name, null, label).stream().map(VolumeView::name)
          .filter(volume -> name == null || volume.equals(name)).toList();
      if (found.isEmpty()) {
        skipped.add(new OperationTarget.Skipped(host.name, "has no volume " + (name != null ? name : "labelled " + label)));
      }
      found.forEach(volume -> planned.add(new PlannedBackup(host.name, volume)));
    }
    if (planned.isEmpty()) {
      throw ApiProblem.badRequest("no host of the target has a volume " + (name != null ? name : "labelled " + label));
    }
    return planned;
  }

  // The latest progress message of each job (what it said while running).
  private static Map<UUID, String> latestMessages(List<Job> children) {
    Map<UUID, String> messages = new HashMap<>();
    if (children.isEmpty()) {
      return messages;
    }
    List<Object[]> rows = JobEvent.getEntityManager().createQuery(
            "select e.jobId, e.message from JobEvent e where e.id in (select max(f.id) from JobEvent f"
                + " where f.jobId in :ids and f.state = :running group by f.jobId)", Object[].class)
        .setParameter("ids", children.stream().map(job -> job.id).toList())
        .setParameter("running", JobState.RUNNING).getResultList();
    rows.forEach(row -> messages.put((UUID) row[0], (String) row[1]));
    return messages;
  }
}
