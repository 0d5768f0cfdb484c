package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.VolumeInventory;
import dev.berth.control.inventory.VolumeView;
import dev.berth.control.security.Authorization;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The Volumes page: the fleet's volumes from the inventory (host, driver, labels, how many containers use each), live. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class VolumePages {
  @Inject Template volumes;
  @Inject VolumeInventory inventory;
  @Inject SecurityIdentity identity;

  /** Volumes across the fleet or of one host, dangling or in use when asked. */
  @GET
  @Path("volumes")
  @Transactional
  public TemplateInstance list(@QueryParam("host") String host, @QueryParam("dangling") String dangling) {
    String hostFilter = QueryValues.given(host);
    Boolean danglingFilter = dangling == null || dangling.isBlank() ? null : Boolean.valueOf(dangling);
    return volumes.data("user", identity.getPrincipal().getName())
        .data("volumes", Authorization.readable(identity, inventory.list(hostFilter, danglingFilter, null), VolumeView::host))
        .data("hosts", Host.<Host>listAll().stream().map(h -> h.name).sorted().toList())
        .data("hostFilter", hostFilter == null ? "" : hostFilter)
        .data("danglingFilter", dangling == null ? "" : dangling);
  }
}
