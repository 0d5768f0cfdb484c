package dev.berth.control.registry;

import dev.berth.control.api.ApiProblem;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;

/**
 * {@code /api/v1/registry}: the built-in registry's repositories with their storage use, their
 * tags, one manifest with its layers and referrers, the anonymous-pull setting (operators),
 * deleting a tag or a manifest (operators), and garbage collection on demand (admins; see
 * {@link GarbageCollector}). Errors are problem+json.
 */
@Path("/api/v1/registry")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class RegistryResource {
  @Inject RegistryMetadata metadata;
  @Inject GarbageCollector collector;
  @Inject BlobStore blobs;

  /** The body of {@code PUT /api/v1/registry/repositories/{name}}. */
  public record RepositorySettings(Boolean anonymousPull) {}

  /** A repository with its tags. */
  public record RepositoryDetail(RegistryMetadata.RepositoryView repository, List<RegistryMetadata.TagView> tags) {}

  /** Every repository with its settings and storage use ({@code size}: its distinct blobs; {@code sharedSize}: those other repositories also use). */
  @GET
  @Path("/repositories")
  public List<RegistryMetadata.RepositoryView> repositories() {
    return metadata.repositoryViews(null);
  }

  /** One repository with its tags (digest, size, when pushed). */
  @GET
  @Path("/repositories/{name: .+}")
  public RepositoryDetail repository(@PathParam("name") String name) {
    return new RepositoryDetail(find(name), metadata.tagViews(name));
  }

  /** Changes a repository's settings (creating it if nothing was pushed to it yet). */
  @PUT
  @Path("/repositories/{name: .+}")
  @Consumes(MediaType.APPLICATION_JSON)
  public RegistryMetadata.RepositoryView configure(@PathParam("name") String name, RepositorySettings settings) {
    checkName(name);
    if (settings == null || settings.anonymousPull() == null) {
      throw ApiProblem.badRequest("a JSON body with anonymousPull (true or false) is required");
    }
    metadata.setAnonymousPull(name, settings.anonymousPull());
    return find(name);
  }

  /** Deletes a tag (its manifest stays until garbage collection with {@code untagged=true}). */
  @DELETE
  @Path("/repositories/{name: .+}/tags/{tag}")
  public void deleteTag(@PathParam("name") String name, @PathParam("tag") String tag) {
    requireRepository(name);
    if (!metadata.deleteTag(name, tag)) {
      throw ApiProblem.notFound("repository " + name + " has no tag " + tag);
    }
  }

  /** One manifest: its tags, what it refers to (config and layers, or an index's manifests) and its referrers. */
  @GET
  @Path("/repositories/{name: .+}/manifests/{digest}")
  public ManifestView manifest(@PathParam("name") String name, @PathParam("digest") String digest) {
    requireRepository(name);
    checkDigest(digest);
    RegistryMetadata.StoredManifest stored = metadata.manifest(name, digest)
        .orElseThrow(() -> ApiProblem.notFound("repository " + name + " has no manifest " + digest));
    return ManifestView.of(name, stored, metadata.tagsOf(name, digest), metadata.referrers(name, digest), blobs);
  }

  /** Deletes a manifest and the tags that name it (its blobs stay until garbage collection). */
  @DELETE
  @Path("/repositories/{name: .+}/manifests/{digest}")
  public void deleteManifest(@PathParam("name") String name, @PathParam("digest") String digest) {
    requireRepository(name);
    checkDigest(digest);
    if (!metadata.deleteManifest(name, digest)) {
      throw ApiProblem.notFound("repository " + name + " has no manifest " + digest);
    }
  }

  /**
   * Collects garbage now: blobs no manifest refers to, unused for {@code graceSeconds} (default:
   * {@code berth.registry.gc.grace}); with {@code untagged=true}, first the untagged manifests;
   * then the uploads unused for {@code berth.registry.uploads.expire}.
   */
  @POST
  @Path("/gc")
  public GarbageCollector.Report collect(@QueryParam("graceSeconds") Long graceSeconds,
      @QueryParam("untagged") boolean untagged) {
    if (graceSeconds != null && graceSeconds < 0) {
      throw ApiProblem.badRequest("graceSeconds must not be negative: " + graceSeconds);
    }
    Duration grace = graceSeconds == null ? collector.defaultGrace() : Duration.ofSeconds(graceSeconds);
    return collector.collect(grace, untagged);
  }

  private RegistryMetadata.RepositoryView find(String name) {
    checkName(name);
    return metadata.repositoryViews(name).stream().findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no such repository: " + name));
  }

  /** 400 for a name that is not one, 404 for a repository that does not exist; no storage sums (see {@link #find}). */
  private void requireRepository(String name) {
    checkName(name);
    if (!metadata.hasRepository(name)) {
      throw ApiProblem.notFound("no such repository: " + name);
    }
  }

  private static void checkDigest(String digest) {
    if (!RepositoryName.isDigest(digest)) {
      throw ApiProblem.badRequest("not a manifest digest (sha256:<64 hex digits>): " + digest);
    }
  }

  private static void checkName(String name) {
    try {
      RepositoryName.check(name);
    } catch (RegistryException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
  }
}
