package dev.berth.control.web;

import dev.berth.control.registry.RegistryMetadata;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * The Registry pages: the built-in registry's repositories with their storage use, and one
 * repository's tags (digest, size, pushed) with the {@code docker pull} command to copy and a
 * delete button that calls {@code /api/v1/registry} (see {@code static/registry.js}).
 */
@Path("/registry")
@Produces(MediaType.TEXT_HTML)
public class RegistryPages {
  @Inject Template registry;
  @Inject Template registryRepository;
  @Inject RegistryMetadata metadata;
  @Inject SecurityIdentity identity;
  @Context UriInfo uri;

  /** Every repository. */
  @GET
  public TemplateInstance repositories() {
    return registry.data("user", identity.getPrincipal().getName())
        .data("repositories", metadata.repositoryViews(null))
        .data("address", address());
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

  /** The registry's address as clients name it: this control plane's host and port. */
  private String address() {
    return uri.getBaseUri().getAuthority();
  }
}
