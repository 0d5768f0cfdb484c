package dev.berth.control.registry;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The registry's lists: {@code GET /v2/<name>/tags/list}, {@code GET /v2/_catalog} (both in
 * lexical order, paginated with {@code n} and {@code last}, the next page in a {@code Link}
 * header) and {@code GET /v2/<name>/referrers/<digest>} (an OCI index of the manifests whose
 * subject is the digest, optionally only those of one {@code artifactType}).
 */
@ApplicationScoped
public class ListingEndpoints {
  private static final int MAX_PAGE = 1000;
  @Inject RegistryMetadata metadata;

  /** Tags of a repository. */
  public void tags(RegistryCall call) {
    int limit = pageSize(call);
    String last = call.query("last") == null ? "" : call.query("last");
    call.blocking(() -> {
      if (!metadata.hasRepository(call.repository())) {
        throw RegistryException.nameUnknown(call.repository());
      }
      return metadata.tags(call.repository(), last, limit);
    }).onSuccess(tags -> page(call, "/v2/" + call.repository() + "/tags/list", limit, tags,
            new JsonObject().put("name", call.repository()).put("tags", new JsonArray(tags))))
        .onFailure(call::fail);
  }

  /** Every repository. */
  public void catalog(RegistryCall call) {
    int limit = pageSize(call);
    String last = call.query("last") == null ? "" : call.query("last");
    call.blocking(() -> metadata.repositories(last, limit))
        .onSuccess(names -> page(call, "/v2/_catalog", limit, names,
            new JsonObject().put("repositories", new JsonArray(names))))
        .onFailure(call::fail);
  }

  /** Manifests that refer to a digest as their subject. */
  public void referrers(RegistryCall call) {
    String digest = RepositoryName.checkDigest(call.reference());
    String artifactType = call.query("artifactType");
    call.blocking(() -> metadata.referrers(call.repository(), digest)).onSuccess(stored -> {
      JsonArray manifests = new JsonArray();
      for (RegistryMetadata.StoredManifest manifest : stored) {
        ManifestDocument parsed = ManifestDocument.parse(manifest.content(), manifest.mediaType());
        String type = parsed.artifactType().orElse(null);
        if (artifactType != null && !artifactType.equals(type)) {
          continue;
        }
        JsonObject descriptor = new JsonObject().put("mediaType", manifest.mediaType())
            .put("digest", manifest.digest()).put("size", manifest.content().length);
        if (type != null) {
          descriptor.put("artifactType", type);
        }
        if (parsed.annotations() != null) {
          descriptor.put("annotations", parsed.annotations());
        }
        manifests.add(descriptor);
      }
      if (artifactType != null) {
        call.response().putHeader("OCI-Filters-Applied", "artifactType");
      }
      call.response().putHeader("Content-Type", ManifestDocument.OCI_INDEX).end(new JsonObject()
          .put("schemaVersion", 2).put("mediaType", ManifestDocument.OCI_INDEX).put("manifests", manifests).encode());
    }).onFailure(call::fail);
  }

  private static int pageSize(RegistryCall call) {
    String n = call.query("n");
    if (n == null) {
      return MAX_PAGE;
    }
    if (!n.matches("\\d{1,9}")) {
      throw new RegistryException(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested: " + n);
    }
    return Math.min(Integer.parseInt(n), MAX_PAGE);
  }

  private static void page(RegistryCall call, String path, int limit, List<String> items, JsonObject body) {
    if (limit > 0 && items.size() == limit) {
      String last = URLEncoder.encode(items.get(items.size() - 1), StandardCharsets.UTF_8);
      call.response().putHeader("Link", "<" + path + "?n=" + limit + "&last=" + last + ">; rel=\"next\"");
    }
    call.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
