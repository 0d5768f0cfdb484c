package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.ImageFilter;
import dev.berth.control.inventory.ImageInventory;
import dev.berth.control.inventory.ImageView;
import dev.berth.control.security.Authorization;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Images pages: the fleet's images from the inventory, and one image's config, layers and history
 * from its host. Actions (tag, remove, prune, save, load, import) call the host's Docker API
 * through the tunnel from the browser, with the same checks as the docker CLI.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ImagePages {
  @Inject Template images;
  @Inject Template image;
  @Inject ImageInventory inventory;
  @Inject DockerApiClient docker;
  @Inject SecurityIdentity identity;

  /** Images across the fleet or of one host, with Docker's filters. */
  @GET
  @Path("images")
  @Transactional
  public TemplateInstance list(@QueryParam("host") String host, @QueryParam("reference") String reference,
                               @QueryParam("dangling") String dangling) {
    String hostFilter = QueryValues.given(host);
    Boolean danglingFilter = dangling == null || dangling.isBlank() ? null : Boolean.valueOf(dangling);
    return images.data("user", identity.getPrincipal().getName())
        .data("images", Authorization.readable(identity, inventory.list(hostFilter,
            new ImageFilter(danglingFilter, QueryValues.given(reference), null, null)), ImageView::host))
        .data("hosts", Host.<Host>listAll().stream().map(h -> h.name).sorted().toList())
        .data("hostFilter", hostFilter == null ? "" : hostFilter)
        .data("referenceFilter", reference == null ? "" : reference)
        .data("danglingFilter", dangling == null ? "" : dangling);
  }

  /** One image of one host: inspect and history, asked from the host's agent. */
  @GET
  @Path("hosts/{host}/images/{id}")
  public TemplateInstance detail(@PathParam("host") String host, @PathParam("id") String id) {
    String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8);
    JsonNode inspect = docker.get(host, DockerApiClient.API + "/images/" + encoded + "/json");
    JsonNode history = docker.get(host, DockerApiClient.API + "/images/" + encoded + "/history");
    return image.data("user", identity.getPrincipal().getName())
        .data("host", host).data("inspect", inspect).data("history", history)
        .data("pretty", inspect.toPrettyString());
  }
}
