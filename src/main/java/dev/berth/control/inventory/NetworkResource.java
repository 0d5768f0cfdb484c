package dev.berth.control.inventory;

import dev.berth.control.api.ApiProblem;
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

/** {@code /api/v1/networks}: the networks of the whole fleet, from the inventory (no agent is asked). */
@Path("/api/v1/networks")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkResource {
  /** The drivers a network can have, as {@code docker network ls} shows them. */
  public static final List<String> DRIVERS = List.of("bridge", "host", "null");

  @Inject SecurityIdentity identity;
  @Inject NetworkInventory inventory;

  /** Networks across the fleet by name, optionally of one host, with a name containing {@code name}, of a driver. */
  @GET
  public List<NetworkView> list(@QueryParam("host") String host, @QueryParam("name") String name,
                                @QueryParam("driver") String driver) {
    String driverFilter = QueryValues.given(driver);
    if (driverFilter != null && !DRIVERS.contains(driverFilter)) {
      throw ApiProblem.badRequest("driver must be one of bridge, host, null");
    }
    return Authorization.readable(identity, inventory.list(QueryValues.given(host), QueryValues.given(name), driverFilter),
        NetworkView::host);
  }
}
