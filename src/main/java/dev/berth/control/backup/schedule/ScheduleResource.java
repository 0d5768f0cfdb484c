package dev.berth.control.backup.schedule;

import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/backups/schedules}: create, list, get, replace, delete backup schedules. A
 * schedule's {@code lastState}, {@code lastRunAt} and {@code lastError} show how its last run went.
 */
@Path("/api/v1/backups/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ScheduleResource {
  @Inject BackupSchedules schedules;
  @Inject SecurityIdentity identity;

  /** Creates a schedule; 201. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(BackupSchedules.ScheduleSpec spec) {
    return Response.status(201)
        .entity(schedules.create(spec, identity.getPrincipal().getName(), Instant.now())).build();
  }

  /** Every schedule. */
  @GET
  public List<ScheduleView> list() {
    return schedules.list();
  }

  /** One schedule. */
  @GET
  @Path("{id}")
  public ScheduleView get(@PathParam("id") String id) {
    return schedules.find(uuid(id));
  }

  /** Replaces a schedule's settings. */
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public ScheduleView update(@PathParam("id") String id, BackupSchedules.ScheduleSpec spec) {
    return schedules.update(uuid(id), spec, Instant.now());
  }

  /** Deletes a schedule (its backups stay); 204. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    schedules.delete(uuid(id));
    return Response.noContent().build();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such schedule: " + id);
    }
  }
}
