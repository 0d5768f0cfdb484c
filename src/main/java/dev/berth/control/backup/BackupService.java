package dev.berth.control.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.fleet.Host;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobDispatcher;
import dev.berth.control.job.JobService;
import dev.berth.control.job.JobState;
import dev.berth.link.message.JobFinished;
import dev.berth.link.message.JobProgress;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The backup catalog's operations. A backup is a control-plane job ({@code control.volume-backup}):
 * the archive streams from the agent's {@code /berth/volumes/{name}/backup} over the link into
 * the {@link BackupStore}, its sha256 computed on the way, then the catalog row is written. A
 * restore streams a stored archive to the target host's {@code /berth/volumes/{name}/restore}
 * with the sha256 the agent checks before it touches the volume.
 */
@ApplicationScoped
public class BackupService {
  /** The job kind of a backup. */
  public static final String KIND = JobDispatcher.CONTROL_PLANE_KINDS + "volume-backup";
  private static final Logger LOG = Logger.getLogger(BackupService.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
  private static final long PROGRESS_STEP = 16L << 20;
  private static final ExecutorService RUNNERS = Executors.newFixedThreadPool(2, task -> {
    Thread thread = new Thread(task, "backup-runner");
    thread.setDaemon(true);
    return thread;
  });

  @Inject JobService jobs;
  @ConfigProperty(name = "berth.replica") String replica;
  @Inject BackupStore store;
  @Inject DockerApiClient docker;
  @Inject Event<BackupFinished> finished;

  /** Where a backup comes from and why: the schedule and/or container group it belongs to (either may be null). */
  public record Origin(UUID scheduleId, UUID groupId, String createdBy) {
    /** A backup asked for by {@code createdBy}, on its own. */
    public static Origin by(String createdBy) {
      return new Origin(null, null, createdBy);
    }
  }

  /** Starts backing up {@code volume} of {@code host}; returns the job (its id becomes the backup's). */
  public Job start(String host, String volume, String mode, Origin origin) {
    checkName(volume);
    String checkedMode = checkMode(mode);
    ObjectNode params = JSON.createObjectNode().put("volume", volume).put("mode", checkedMode)
        .put(JobService.RUNNER, replica);
    if (origin.scheduleId() != null) {
      params.put("scheduleId", origin.scheduleId().toString());
    }
    if (origin.groupId() != null) {
      params.put("group", origin.groupId().toString());
    }
    Job job = jobs.create(new JobService.NewJob(host, KIND, params, null), origin.createdBy());
    UUID hostId = job.host.id;
    String hostName = job.host.name;
    RUNNERS.execute(() -> run(job.id, hostId, hostName, volume, checkedMode, origin));
    return job;
  }

  /**
   * Starts one backup per named volume mounted by {@code container} on {@code host}, all in one
   * group (the group's id is in each job's params and each backup's {@code group}).
   */
  public List<Job> startContainer(String host, String container, String mode, String createdBy) {
    if (container == null || container.isEmpty()) {
      throw ApiProblem.badRequest("container is required");
    }
    checkMode(mode);
    JsonNode inspect = docker.get(host, DockerApiClient.API + "/containers/" + encode(container) + "/json");
    List<String> volumes = new java.util.ArrayList<>();
    for (JsonNode mount : inspect.path("Mounts")) {
      if ("volume".equals(mount.path("Type").asText()) && !volumes.contains(mount.path("Name").asText())) {
        volumes.add(mount.path("Name").asText());
      }
    }
    if (volumes.isEmpty()) {
      throw ApiProblem.badRequest("container " + container + " has no volumes");
    }
    Origin origin = new Origin(null, UUID.randomUUID(), createdBy);
    return volumes.stream().map(volume -> start(host, volume, mode, origin)).toList();
  }

  /** Runs a backup job to its end (on a runner thread); the outcome is the job's. */
  void run(UUID id, UUID hostId, String hostName, String volume, String mode, Origin origin) {
    try {
      jobs.progress(hostId, new JobProgress(id.toString(), "backing up " + volume + " (" + mode + ")", 0));
      BackupStore.Stored stored;
      String path = DockerApiClient.API + "/berth/volumes/" + encode(volume) + "/backup?mode=" + mode;
      try (DockerApiClient.StreamedReply reply = docker.stream(hostName, path)) {
        long[] reported = {0};
        stored = store.write(id, reply.body(), bytes -> {
          if (bytes - reported[0] >= PROGRESS_STEP) {
            reported[0] = bytes;
            jobs.progress(hostId, new JobProgress(id.toString(), (bytes >> 20) + " MiB received", null));
          }
        });
      }
      JsonNode manifest = JSON.readTree(store.manifest(id)
          .orElseThrow(() -> new IOException("the archive from " + hostName + " ended early (no manifest)")));
      Backup backup = catalog(id, hostName, volume, manifest, stored, "backup", origin);
      ObjectNode result = JSON.valueToTree(BackupView.of(backup));
      jobs.finished(hostId, new JobFinished(id.toString(), JobState.SUCCEEDED.wireName(), result, null));
      announce(new BackupFinished(origin.scheduleId(), hostName, volume, id, null));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "backup " + id + " of " + volume + " on " + hostName + " failed", e);
      fail(id, hostId, hostName, volume, origin.scheduleId(), e.getMessage());
    }
  }

  /** Fails a backup job that nobody runs any more (its replica restarted): see {@link InterruptedBackups}. */
  void abandon(Job job, String why) {
    JsonNode scheduleId = job.params.path("scheduleId");
    fail(job.id, job.host.id, job.host.name, job.params.path("volume").asText(),
        scheduleId.isTextual() ? UUID.fromString(scheduleId.asText()) : null, why);
  }

  // The archive (whatever of it was stored) goes, the job fails, schedules hear of it.
  private void fail(UUID id, UUID hostId, String hostName, String volume, UUID scheduleId, String error) {
    deleteQuietly(id);
    jobs.finished(hostId, new JobFinished(id.toString(), JobState.FAILED.wireName(), null, error));
    announce(new BackupFinished(scheduleId, hostName, volume, null, error));
  }

  private void announce(BackupFinished outcome) {
    try {
      finished.fire(outcome);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "after backup of " + outcome.volume() + " on " + outcome.host(), e);
    }
  }

  /** Stores an uploaded archive (any tar the agent reads: zstd, gzip or plain) as a backup of {@code volume}. */
  public Backup upload(String hostName, String volume, InputStream archive) {
    checkName(volume);
    UUID id = UUID.randomUUID();
    try {
      BackupStore.Stored stored = store.write(id, archive, bytes -> { });
      Optional<byte[]> manifest = store.manifest(id);
      JsonNode parsed = manifest.isPresent() ? JSON.readTree(manifest.get()) : JSON.createObjectNode();
      return catalog(id, hostName == null ? "" : hostName, volume, parsed, stored, "upload", Origin.by(null));
    } catch (IOException e) {
      deleteQuietly(id);
      throw new ApiProblem(500, "cannot store the upload: " + e.getMessage());
    }
  }

  /**
   * Restores backup {@code id} as volume {@code volume} of {@code host} (new, or existing: empty,
   * or with {@code replace}); returns the volume as the agent shows it. The agent's refusals
   * (bad archive 400, in use or not empty 409) come back as problems.
   */
  public JsonNode restore(UUID id, String host, String volume, boolean replace) {
    Backup backup = find(id);
    checkName(volume);
    if (Host.findByRef(host == null ? "" : host).isEmpty()) {
      throw ApiProblem.notFound("no such host: " + host);
    }
    String path = DockerApiClient.API + "/berth/volumes/" + encode(volume) + "/restore?sha256=" + backup.sha256
        + "&replace=" + replace + "&labels=" + encode(String.valueOf(backup.labels == null ? "{}" : backup.labels));
    try (InputStream archive = Files.newInputStream(store.file(id));
        DockerApiClient.StreamedReply reply = docker.send(host, "PUT", path, "application/zstd", archive)) {
      return JSON.readTree(reply.body());
    } catch (IOException e) {
      throw new ApiProblem(502, "restore of backup " + id + " onto " + host + " failed: " + e.getMessage());
    }
  }

  /** The backup {@code id}; 404 when there is none. */
  public Backup find(UUID id) {
    return QuarkusTransaction.requiringNew().call(() -> Backup.<Backup>findByIdOptional(id))
        .orElseThrow(() -> ApiProblem.notFound("no such backup: " + id));
  }

  /** Where backup {@code id}'s archive is. */
  public java.nio.file.Path archive(UUID id) {
    return store.file(id);
  }

  /** Deletes backup {@code id}: its row, then its file. */
  public void delete(UUID id) {
    boolean deleted = QuarkusTransaction.requiringNew().call(() -> Backup.deleteById(id));
    if (!deleted) {
      throw ApiProblem.notFound("no such backup: " + id);
    }
    deleteQuietly(id);
  }

  /** Backups, newest first, of a host and/or volume, made within [since, until) when given. */
  public List<Backup> list(String host, String volume, Instant since, Instant until) {
    StringBuilder query = new StringBuilder("1 = 1");
    io.quarkus.panache.common.Parameters params = new io.quarkus.panache.common.Parameters();
    if (host != null) {
      query.append(" and hostName = :host");
      params.and("host", host);
    }
    if (volume != null) {
      query.append(" and volume = :volume");
      params.and("volume", volume);
    }
    if (since != null) {
      query.append(" and createdAt >= :since");
      params.and("since", since);
    }
    if (until != null) {
      query.append(" and createdAt < :until");
      params.and("until", until);
    }
    return QuarkusTransaction.requiringNew().call(() -> Backup.<Backup>list(query.toString(),
        io.quarkus.panache.common.Sort.descending("createdAt"), params));
  }

  private Backup catalog(UUID id, String hostName, String volume, JsonNode manifest, BackupStore.Stored stored,
      String source, Origin origin) {
    Backup backup = new Backup();
    backup.id = id;
    backup.hostName = hostName;
    backup.volume = volume;
    backup.labels = manifest.path("labels").isObject() ? manifest.get("labels") : JSON.createObjectNode();
    backup.size = manifest.hasNonNull("size") ? manifest.get("size").asLong() : null;
    backup.files = manifest.hasNonNull("files") ? manifest.get("files").asLong() : null;
    backup.archiveBytes = stored.bytes();
    backup.sha256 = stored.sha256();
    backup.mode = manifest.path("mode").asText(null);
    backup.format = manifest.path("format").asText(dev.berth.backup.BackupArchive.FORMAT);
    backup.berthVersion = manifest.path("berthVersion").asText(null);
    backup.source = source;
    backup.scheduleId = origin.scheduleId();
    backup.groupId = origin.groupId();
    backup.createdAt = Instant.now();
    QuarkusTransaction.requiringNew().run(backup::persist);
    return backup;
  }

  private void deleteQuietly(UUID id) {
    try {
      store.delete(id);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot delete the archive of backup " + id, e);
    }
  }

  /** The mode given, {@code live} when none; 400 unless live, pause or stop. */
  public static String checkMode(String mode) {
    String checked = mode == null || mode.isEmpty() ? "live" : mode;
    if (!List.of("live", "pause", "stop").contains(checked)) {
      throw ApiProblem.badRequest("mode must be live, pause or stop");
    }
    return checked;
  }

  private static void checkName(String volume) {
    if (volume == null || !volume.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
      throw ApiProblem.badRequest("invalid volume name \"" + volume + "\"");
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
