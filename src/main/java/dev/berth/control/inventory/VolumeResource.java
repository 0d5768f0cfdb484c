package dev.berth.control.inventory;

import dev.berth.control.api.QueryValues;
import dev.berth.control.security.Authorization;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /api/v1/volumes}: the volumes of the whole fleet, from the inventory (no agent is asked). */
@Path("/api/v1/volumes")
@Produces(MediaType.APPLICATION_JSON)
public class VolumeResource {
  @Inject SecurityIdentity identity;
  @Inject VolumeInventory inventory;

  /** Volumes across the fleet by name, optionally of one host, dangling (or in use), with a label. */
  @GET
  public List<VolumeView> list(@QueryParam("host") String host, @QueryParam("dangling") Boolean dangling,
                               @QueryParam("label") String label) {
    return Authorization.readable(identity, inventory.list(QueryValues.given(host), dangling, QueryValues.given(label)),
        VolumeView::host);
  }
}
