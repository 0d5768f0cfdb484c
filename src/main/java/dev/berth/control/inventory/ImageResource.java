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

/** {@code /api/v1/images}: the images of the whole fleet, from the inventory (no agent is asked). */
@Path("/api/v1/images")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {
  @Inject SecurityIdentity identity;
  @Inject ImageInventory inventory;

  /** Images across the fleet, newest first, optionally of one host and filtered. */
  @GET
  public List<ImageView> list(@QueryParam("host") String host, @QueryParam("dangling") Boolean dangling,
                              @QueryParam("reference") String reference, @QueryParam("label") String label,
                              @QueryParam("inUse") Boolean inUse) {
    return Authorization.readable(identity, inventory.list(QueryValues.given(host),
        new ImageFilter(dangling, QueryValues.given(reference), QueryValues.given(label), inUse)), ImageView::host);
  }
}
