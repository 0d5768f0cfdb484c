package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.api.QueryValues;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.NetworkInventory;
import dev.berth.control.inventory.NetworkResource;
import dev.berth.control.inventory.NetworkView;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The Networks page: the fleet's networks from the inventory (host, driver, subnet, running containers), live. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class NetworkPages {
  @Inject Template networks;
  @Inject NetworkInventory inventory;
  @Inject SecurityIdentity identity;

  /** Networks across the fleet or of one host, by part of the name and by driver. */
  @GET
  @Path("networks")
  @Transactional
  public TemplateInstance list(@QueryParam("host") String host, @QueryParam("name") String name,
                               @QueryParam("driver") String driver) {
    String hostFilter = QueryValues.given(host);
    String nameFilter = QueryValues.given(name);
    String driverFilter = QueryValues.given(driver);
    String hostId = hostFilter == null ? "" : Host.findByRef(hostFilter)
        .orElseThrow(() -> ApiProblem.notFound("no such host: " + hostFilter)).id.toString();
    return networks.data("user", identity.getPrincipal().getName())
        .data("networks", Authorization.readable(identity, inventory.list(hostFilter, nameFilter, driverFilter),
            NetworkView::host))
        .data("hosts", Host.<Host>listAll().stream().map(h -> h.name).sorted().toList())
        .data("drivers", NetworkResource.DRIVERS)
        .data("hostFilter", hostFilter == null ? "" : hostFilter)
        .data("nameFilter", nameFilter == null ? "" : nameFilter)
        .data("driverFilter", driverFilter == null ? "" : driverFilter)
        .data("hostId", hostId)
        .data("self", "/networks?host=" + encode(hostFilter) + "&name=" + encode(nameFilter) + "&driver="
            + encode(driverFilter));
  }

  private static String encode(String value) {
    return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
