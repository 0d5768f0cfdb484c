package dev.berth.control.inventory;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.api.QueryValues;
import dev.berth.control.security.Authorization;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code /api/v1/containers}: the containers of the whole fleet from the inventory (no agent is
 * asked), and one container in full from its host.
 */
@Path("/api/v1/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {
  /** Header with the number of containers that pass the filters, for paging. */
  public static final String TOTAL_COUNT = "X-Total-Count";

  @Inject SecurityIdentity identity;
  @Inject ContainerInventory inventory;
  @Inject ContainerDetails details;

  /** Containers across the fleet, newest first, optionally of one host and filtered; {@code limit} from {@code offset}. */
  @GET
  public RestResponse<List<ContainerView>> list(@QueryParam("host") String host, @QueryParam("state") String state,
                                                @QueryParam("name") String name, @QueryParam("label") String label,
                                                @QueryParam("image") String image,
                                                @QueryParam("limit") @DefaultValue("100") int limit,
                                                @QueryParam("offset") @DefaultValue("0") int offset) {
    if (limit < 1 || limit > 1000) {
      throw ApiProblem.badRequest("limit must be between 1 and 1000");
    }
    if (offset < 0) {
      throw ApiProblem.badRequest("offset must not be negative");
    }
    ContainerFilter filter = new ContainerFilter(QueryValues.given(state), QueryValues.given(name),
        QueryValues.given(label), QueryValues.given(image));
    List<ContainerView> all = Authorization.readable(identity, inventory.list(QueryValues.given(host), filter),
        ContainerView::host);
    List<ContainerView> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
    return RestResponse.ResponseBuilder.ok(page).header(TOTAL_COUNT, all.size()).build();
  }

  /** One container of one host (name or id) by id, name or id prefix: inspected live, or as last reported while the host is offline. */
  @GET
  @Path("{host}/{id}")
  public ContainerDetail get(@PathParam("host") String host, @PathParam("id") String id) {
    return details.of(host, id);
  }
}
