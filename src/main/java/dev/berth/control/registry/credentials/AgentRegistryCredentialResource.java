package dev.berth.control.registry.credentials;

import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.ClientAddress;
import dev.berth.control.security.Identities;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /agent/registry-credentials/{registry}}: an agent about to pull from or push to an
 * external registry without credentials of its own asks for the ones stored for it (its host's,
 * else the fleet's). Only agents reach {@code /agent/*}, each authenticated with its own
 * credential, and each gets only what applies to its own host. Every handout is audited.
 * 404 when nothing is stored: the agent then goes anonymously.
 */
@Path("/agent/registry-credentials")
@Produces(MediaType.APPLICATION_JSON)
public class AgentRegistryCredentialResource {
  @Inject RegistryCredentialStore store;
  @Inject SecurityIdentity identity;
  @Inject AuditLog audit;
  @Inject RoutingContext http;

  /** The stored username and password for {@code registry}, for the calling agent's host. */
  @GET
  @Path("{registry}")
  public Response forRegistry(@PathParam("registry") String registry) {
    UUID host = Identities.hostId(identity);
    if (host == null) {
      return Response.status(403).build();
    }
    return store.forHost(host, registry).map(login -> {
      audit.append(new AuditEvent(identity.getPrincipal().getName(), ClientAddress.of(http), "agent", null,
          "registry credentials handed out", RegistryCredentialStore.normalize(registry), null, "ok"));
      return Response.ok(Map.of("username", login.username(), "password", login.password())).build();
    }).orElseGet(() -> Response.status(404).build());
  }
}
