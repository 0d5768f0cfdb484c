package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/fleet/operations}: one operation on several hosts — start, list, inspect host by
 * host, cancel. Operators act on the hosts they are granted ({@link OperationTarget}); viewers only read.
 */
@Path("/api/v1/fleet/operations")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class FleetOperationResource {
  @Inject FleetOperations operations;
  @Inject SecurityIdentity identity;

  /**
   * The body of {@code POST}: {@code {"kind": "pull", "target": {"selector": "env=prod"}, "params":
   * {"image": "..."}, "timeoutSeconds": 600}}.
   */
  public record CreateOperation(String kind, OperationTarget target, JsonNode params, Long timeoutSeconds) {}

  /** Starts an operation: 201 with the operation and its hosts' parts. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CreateOperation body) {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with kind, target and params is required");
    }
    FleetOperationView view = operations.create(
        new FleetOperations.NewOperation(body.kind(), body.target(), body.params(), body.timeoutSeconds()), identity);
    return Response.status(201).header("Location", "/api/v1/fleet/operations/" + view.id()).entity(view).build();
  }

  /** The latest operations, newest first, with counts of their hosts' states. */
  @GET
  public List<FleetOperationView> list(@QueryParam("limit") @DefaultValue("50") int limit) {
    if (limit < 1 || limit > 500) {
      throw ApiProblem.badRequest("limit must be between 1 and 500");
    }
    return operations.list(limit);
  }

  /** One operation, host by host. */
  @GET
  @Path("{id}")
  public FleetOperationView get(@PathParam("id") String id) {
    return operations.view(parse(id)).orElseThrow(() -> ApiProblem.notFound("no such operation: " + id));
  }

  /** Cancels the hosts' jobs not yet done. */
  @POST
  @Path("{id}/cancel")
  public FleetOperationView cancel(@PathParam("id") String id) {
    return operations.cancel(parse(id));
  }

  static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such operation: " + id);
    }
  }
}
