package dev.berth.control.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.Authorization;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code /api/v1/jobs}: create, list, inspect and cancel jobs. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class JobResource {
  static final int MAX_WAIT_SECONDS = 300;

  @Inject JobService jobs;
  @Inject JobWaiters waiters;
  @Inject SecurityIdentity identity;

  /** The body of {@code POST /api/v1/jobs}. */
  public record CreateJob(String host, String kind, JsonNode params, Long timeoutSeconds) {}

  /**
   * Queues a job. With {@code wait=N} the answer comes when the job has finished (or after N
   * seconds, with the job as it is then).
   */
  @POST
  public CompletionStage<Response> create(CreateJob body, @QueryParam("wait") @DefaultValue("0") int waitSeconds) {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with host and kind is required");
    }
    if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
      throw ApiProblem.badRequest("wait must be between 0 and " + MAX_WAIT_SECONDS + " seconds");
    }
    if (body.host() != null && !Authorization.mayManage(identity, body.host())) {
      throw new ApiProblem(403, "permission denied: " + identity.getPrincipal().getName() + " is not granted host " + body.host());
    }
    JobService.NewJob spec = new JobService.NewJob(body.host(), body.kind(), body.params(), body.timeoutSeconds());
    String actor = identity.getPrincipal().getName();
    if (waitSeconds == 0) {
      return CompletableFuture.completedFuture(created(JobView.of(jobs.create(spec, actor))));
    }
    // Wait before the job exists, so even an instant result cannot be missed.
    UUID id = UUID.randomUUID();
    CompletableFuture<JobState> finished = waiters.await(id, Duration.ofSeconds(waitSeconds));
    try {
      jobs.create(id, spec, actor);
    } catch (RuntimeException refused) {
      waiters.cancel(id, finished);
      throw refused;
    }
    return finished.thenApplyAsync(state -> created(view(id)), Infrastructure.getDefaultWorkerPool());
  }

  /** Lists jobs, newest first. */
  @GET
  public List<JobView> list(@QueryParam("host") String host, @QueryParam("state") String state,
                            @QueryParam("kind") String kind, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw ApiProblem.badRequest("limit must be between 1 and 1000");
    }
    JobState wanted = state == null ? null : JobState.fromWireName(state)
        .orElseThrow(() -> ApiProblem.badRequest("unknown state: " + state));
    return Authorization.readable(identity,
        jobs.list(new JobService.JobFilter(host, wanted, kind, limit)).stream().map(JobView::of).toList(), JobView::host);
  }

  /** One job with its history. */
  @GET
  @Path("{id}")
  public JobView get(@PathParam("id") String id) {
    return readable(parse(id));
  }

  /** Cancels a queued or running job. */
  @POST
  @Path("{id}/cancel")
  public JobView cancel(@PathParam("id") String id) {
    readable(parse(id));
    return JobView.of(jobs.cancel(parse(id)));
  }

  // A job on a host the caller may not read (an operator's ungranted host) is not there for them.
  private JobView readable(UUID id) {
    return jobs.view(id).filter(job -> Authorization.mayRead(identity, job.host()))
        .orElseThrow(() -> ApiProblem.notFound("no such job: " + id));
  }

  // The caller's own new job (may run after the request, off its context: no identity here).
  private JobView view(UUID id) {
    return jobs.view(id).orElseThrow(() -> ApiProblem.notFound("no such job: " + id));
  }

  private static Response created(JobView view) {
    return Response.status(201).header("Location", "/api/v1/jobs/" + view.id()).entity(view).build();
  }

  private static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such job: " + id);
    }
  }
}
