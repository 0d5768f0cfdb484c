package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostView;
import dev.berth.control.operation.FleetOperationView;
import dev.berth.control.operation.FleetOperations;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;

/**
 * The fleet operations pages: the list with the form that starts one (target picker: hosts, label
 * selector or all), and one operation host by host, refreshed live as its jobs change and progress.
 * The form and the cancel button call {@code /api/v1/fleet/operations} from {@code static/fleet.js}.
 */
@Path("/fleet/operations")
@Produces(MediaType.TEXT_HTML)
public class FleetOperationPages {
  @Inject Template operations;
  @Inject Template operation;
  @Inject FleetOperations service;
  @Inject SecurityIdentity identity;

  /** The latest operations and the form. */
  @GET
  public TemplateInstance list() {
    List<HostView> hosts = QuarkusTransaction.requiringNew()
        .call(() -> Host.<Host>listAll(Sort.by("name")).stream().map(HostView::of).toList());
    return operations.data("user", identity.getPrincipal().getName()).data("operations", service.list(50))
        .data("hosts", hosts);
  }

  /** The operations table, refreshed when a job changes. */
  @GET
  @Path("fragment")
  public TemplateInstance rows() {
    return operations.getFragment("rows").data("operations", service.list(50));
  }

  /** One operation, host by host. */
  @GET
  @Path("{id}")
  public TemplateInstance show(@PathParam("id") String id) {
    return operation.data("user", identity.getPrincipal().getName()).data("op", find(id));
  }

  /** One operation's hosts, refreshed as its jobs change and progress. */
  @GET
  @Path("{id}/fragment")
  public TemplateInstance hosts(@PathParam("id") String id) {
    return operation.getFragment("parts").data("op", find(id));
  }

  private FleetOperationView find(String id) {
    UUID parsed;
    try {
      parsed = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such operation: " + id);
    }
    return service.view(parsed).orElseThrow(() -> ApiProblem.notFound("no such operation: " + id));
  }
}
