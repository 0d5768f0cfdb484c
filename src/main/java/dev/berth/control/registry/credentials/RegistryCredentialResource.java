package dev.berth.control.registry.credentials;

import dev.berth.control.api.ApiProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/registry-credentials}: credentials for external registries that agents use when
 * a pull or push names that registry and brings none (admins only, see {@code Authorization};
 * changes audited with the password redacted). The password is write-only: no answer holds it.
 */
@Path("/api/v1/registry-credentials")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryCredentialResource {
  @Inject RegistryCredentialStore store;

  /** The body of {@code POST}: {@code host} absent or null for every host of the fleet. */
  public record NewCredential(String registry, String host, String username, String password) {}

  /** The body of {@code PATCH}: what to change (absent: unchanged). */
  public record CredentialChange(String username, String password) {}

  /** Every stored credential, without secrets. */
  @GET
  public List<RegistryCredentialView> list() {
    return store.list();
  }

  /** One stored credential, without its secret. */
  @GET
  @Path("{id}")
  public RegistryCredentialView get(@PathParam("id") String id) {
    return store.get(uuid(id));
  }

  /** Stores credentials for a registry, for one host or the fleet. */
  @POST
  public Response create(NewCredential body) {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with registry, username, password and optionally host is required");
    }
    RegistryCredentialView created = store.create(body.registry(), body.host(), body.username(), body.password());
    return Response.status(201).header("Location", "/api/v1/registry-credentials/" + created.id()).entity(created).build();
  }

  /** Changes the username or password. */
  @PATCH
  @Path("{id}")
  public RegistryCredentialView update(@PathParam("id") String id, CredentialChange body) {
    UUID known = uuid(id);
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with username and/or password is required");
    }
    return store.update(known, body.username(), body.password());
  }

  /** Deletes stored credentials. */
  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    store.delete(uuid(id));
    return Response.noContent().build();
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such registry credential: " + id);
    }
  }
}
