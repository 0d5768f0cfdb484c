package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.fleet.Host;
import dev.berth.control.registry.GarbageCollector;
import dev.berth.control.registry.RegistryMetadata;
import dev.berth.control.registry.RegistryResource;
import dev.berth.control.registry.credentials.RegistryCredentialStore;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * The Registry pages: the built-in registry's repositories with their storage use; one
 * repository's tags (digest, size, pushed) with the {@code docker pull} command to copy and a
 * delete button; one manifest with its config and layers (or an index's manifests), its tags and
 * referrers, and a delete button (the buttons call {@code /api/v1/registry}, see
 * {@code static/registry.js}). For admins, also garbage collection with its report, and the
 * credentials stored for external registries ({@link RegistryCredentialStore}): add one, change
 * its password, delete it; passwords are never shown.
 */
@Path("/registry")
@Produces(MediaType.TEXT_HTML)
public class RegistryPages {
  @Inject Template registry;
  @Inject Template registryRepository;
  @Inject Template registryManifest;
  @Inject RegistryMetadata metadata;
  @Inject RegistryResource api;
  @Inject GarbageCollector collector;
  @Inject SecurityIdentity identity;
  @Inject RegistryCredentialStore credentials;
  @Context UriInfo uri;

  /** Every repository, and (for admins) the stored credentials for external registries. */
  @GET
  public TemplateInstance repositories() {
    return page(null);
  }

  /** Collects garbage now (admins), with the default grace period, and shows the report. */
  @POST
  @Path("/gc")
  public TemplateInstance collectGarbage(@FormParam("untagged") String untagged) {
    GarbageCollector.Report report = collector.collect(collector.defaultGrace(), "on".equals(untagged));
    return page(null).data("report", report).data("graceMinutes", collector.defaultGrace().toMinutes());
  }

  /** Stores credentials for an external registry (admins only, see {@code Authorization}). */
  @POST
  @Path("/credentials")
  public Response addCredential(@FormParam("registry") String registryName, @FormParam("host") String host,
                                @FormParam("username") String username, @FormParam("password") String password) {
    return changeCredentials(() -> credentials.create(registryName, host, username, password));
  }

  /** Replaces the password of stored credentials. */
  @POST
  @Path("/credentials/{id}/password")
  public Response changePassword(@PathParam("id") UUID id, @FormParam("password") String password) {
    return changeCredentials(() -> credentials.update(id, null, password));
  }

  /** Deletes stored credentials. */
  @POST
  @Path("/credentials/{id}/delete")
  public Response deleteCredential(@PathParam("id") UUID id) {
    return changeCredentials(() -> {
      credentials.delete(id);
      return null;
    });
  }

  private Response changeCredentials(java.util.function.Supplier<Object> change) {
    try {
      change.get();
    } catch (ApiProblem refused) {
      return Response.status(refused.status()).entity(page(refused.getMessage()).render()).build();
    }
    return Response.seeOther(URI.create("/registry#registry-credentials")).build();
  }

  private TemplateInstance page(String credentialError) {
    boolean admin = SignedIn.isAdmin();
    return registry.data("user", identity.getPrincipal().getName())
        .data("repositories", metadata.repositoryViews(null))
        .data("address", address())
        .data("credentials", admin ? credentials.list() : List.of())
        .data("hosts", admin ? hostNames() : List.of())
        .data("credentialError", credentialError)
        .data("report", null).data("graceMinutes", collector.defaultGrace().toMinutes());
  }

  @Transactional
  List<String> hostNames() {
    return Host.<Host>listAll(Sort.by("name")).stream().map(h -> h.name).toList();
  }

  /** One repository's tags. */
  @GET
  @Path("/repositories/{name: .+}")
  public TemplateInstance repository(@PathParam("name") String name) {
    RegistryMetadata.RepositoryView repository = metadata.repositoryViews(name).stream().findFirst()
        .orElseThrow(() -> new NotFoundException("no such repository: " + name));
    return registryRepository.data("user", identity.getPrincipal().getName())
        .data("repository", repository).data("tags", metadata.tagViews(name)).data("address", address());
  }

  /** One manifest: its config and layers (or an index's manifests), tags and referrers. */
  @GET
  @Path("/repositories/{name: .+}/manifests/{digest}")
  public TemplateInstance manifest(@PathParam("name") String name, @PathParam("digest") String digest) {
    return registryManifest.data("user", identity.getPrincipal().getName())
        .data("manifest", api.manifest(name, digest)).data("address", address());
  }

  /** The registry's address as clients name it: this control plane's host and port. */
  private String address() {
    return uri.getBaseUri().getAuthority();
  }
}
