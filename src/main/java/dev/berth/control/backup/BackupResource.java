package dev.berth.control.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.api.QueryValues;
import dev.berth.control.job.Job;
import dev.berth.control.job.JobState;
import dev.berth.control.job.JobView;
import dev.berth.control.job.JobService;
import dev.berth.control.security.Authorization;
import dev.berth.control.job.JobWaiters;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code /api/v1/backups}: create (a job; {@code wait=N} answers when it has finished), list
 * (host, volume, since/until), get, download ({@code .tar.zst}: {@code tar --zstd -xf} reads it),
 * upload an archive, restore onto any host, delete. Errors are problem+json.
 */
@Path("/api/v1/backups")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BackupResource {
  private static final int MAX_WAIT_SECONDS = 3600;

  @Inject BackupService backups;
  @Inject JobService jobs;
  @Inject JobWaiters waiters;
  @Inject SecurityIdentity identity;

  /** The body of {@code POST /api/v1/backups}: a volume, or every volume of a container. */
  public record CreateBackup(String host, String volume, String container, String mode) {}

  /** The answer to a container's backup: the group's id and one job per volume. */
  public record GroupView(UUID group, List<JobView> jobs) {}

  /** The body of {@code POST /api/v1/backups/{id}/restore}. */
  public record RestoreBackup(String host, String volume, Boolean replace) {}

  /**
   * Starts a backup; 202 with its job (whose id is the backup's), or the finished job after
   * {@code wait} seconds. With {@code container} instead of {@code volume}: one backup per volume
   * of the container, answered as a group of jobs.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CreateBackup body, @QueryParam("wait") @DefaultValue("0") int waitSeconds) throws Exception {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with host and volume (or container) is required");
    }
    String user = identity.getPrincipal().getName();
    if (body.container() != null && body.volume() != null) {
      throw ApiProblem.badRequest("give volume or container, not both");
    }
    if (body.container() != null) {
      List<Job> started = backups.startContainer(body.host(), body.container(), body.mode(), user);
      List<JobView> views = awaitAll(started.stream().map(job -> job.id).toList(), waitSeconds);
      boolean done = views.stream().allMatch(BackupResource::isFinal);
      UUID group = UUID.fromString(started.get(0).params.path("group").asText());
      return Response.status(done ? 200 : 202).entity(new GroupView(group, views)).build();
    }
    Job job = backups.start(body.host(), body.volume(), body.mode(), BackupService.Origin.by(user));
    JobView view = awaitAll(List.of(job.id), waitSeconds).get(0);
    return Response.status(isFinal(view) ? 200 : 202).entity(view).build();
  }

  private List<JobView> awaitAll(List<UUID> ids, int waitSeconds) throws Exception {
    if (waitSeconds > 0) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(waitSeconds, MAX_WAIT_SECONDS));
      for (UUID id : ids) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        var done = waiters.await(id, Duration.ofMillis(left));
        if (isFinal(jobs.view(id).orElseThrow())) {
          waiters.cancel(id, done);
          continue;
        }
        try {
          done.get(left, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
          waiters.cancel(id, done);
        }
      }
    }
    return ids.stream().map(id -> jobs.view(id).orElseThrow()).toList();
  }

  private static boolean isFinal(JobView view) {
    return JobState.fromWireName(view.state()).map(JobState::isFinal).orElse(false);
  }

  /** Backups, newest first; {@code since}/{@code until} are RFC 3339 times. */
  @GET
  public List<BackupView> list(@QueryParam("host") String host, @QueryParam("volume") String volume,
      @QueryParam("since") String since, @QueryParam("until") String until) {
    return Authorization.readable(identity, backups.list(QueryValues.given(host), QueryValues.given(volume),
        time("since", since), time("until", until)).stream().map(BackupView::of).toList(), BackupView::host);
  }

  /** One backup's manifest. */
  @GET
  @Path("{id}")
  public BackupView get(@PathParam("id") String id) {
    return BackupView.of(readable(id));
  }

  /** The archive as stored: a {@code .tar.zst} any {@code tar --zstd} (or {@code zstd -d | tar}) reads. */
  @GET
  @Path("{id}/archive")
  @Produces("application/zstd")
  public Response download(@PathParam("id") String id) {
    Backup backup = readable(id);
    String name = backup.volume + "-" + backup.createdAt.toString().replace(':', '-') + ".tar.zst";
    return Response.ok(backups.archive(backup.id).toFile(), "application/zstd")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
  }

  /** Stores an uploaded archive (tar, tar.gz or tar.zst) as a backup of {@code volume}, to restore later. */
  @POST
  @Path("upload")
  @Consumes({"application/zstd", "application/gzip", "application/x-tar", MediaType.APPLICATION_OCTET_STREAM})
  public Response upload(@QueryParam("volume") String volume, @QueryParam("host") String host, InputStream archive) {
    return Response.status(201).entity(BackupView.of(backups.upload(host, volume, archive))).build();
  }

  /** Restores a backup as {@code volume} of {@code host}; 200 with the volume as {@code docker volume inspect} shows it. */
  @POST
  @Path("{id}/restore")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonNode restore(@PathParam("id") String id, RestoreBackup body) {
    if (body == null || body.host() == null || body.volume() == null) {
      throw ApiProblem.badRequest("host and volume are required");
    }
    return backups.restore(readable(id).id, body.host(), body.volume(), Boolean.TRUE.equals(body.replace()));
  }

  /** Deletes a backup and its archive; 204. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    backups.delete(readable(id).id);
    return Response.noContent().build();
  }

  // A backup of a host the caller may not read (an operator's ungranted host) is not there for them:
  // its archive holds that host's files.
  private Backup readable(String id) {
    Backup backup = backups.find(uuid(id));
    if (!Authorization.mayRead(identity, backup.hostName)) {
      throw ApiProblem.notFound("no such backup: " + id);
    }
    return backup;
  }

  static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such backup: " + id);
    }
  }

  private static Instant time(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(name + " must be an RFC 3339 time");
    }
  }
}
