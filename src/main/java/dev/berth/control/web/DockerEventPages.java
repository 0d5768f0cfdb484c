package dev.berth.control.web;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events feed: Docker events of the fleet ({@code /docker-events}) or of one host
 * ({@code /hosts/{host}/docker-events}), filtered by type, action and container, newest first and
 * live ({@link DockerEventStream}, rendered by {@code static/events.js}).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class DockerEventPages {
  private static final List<String> TYPES = List.of("container", "image", "volume", "network");

  @Inject Template events;
  @Inject SecurityIdentity identity;

  /** Every connected host's events. */
  @GET
  @Path("docker-events")
  public TemplateInstance fleet(@QueryParam("type") String type, @QueryParam("action") String action,
                                @QueryParam("container") String container) {
    return page("", type, action, container);
  }

  /** One host's events. */
  @GET
  @Path("hosts/{host}/docker-events")
  public TemplateInstance host(@PathParam("host") String host, @QueryParam("type") String type,
                               @QueryParam("action") String action, @QueryParam("container") String container) {
    return page(host, type, action, container);
  }

  private TemplateInstance page(String host, String type, String action, String container) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("host", host);
    filters.put("type", type);
    filters.put("action", action);
    filters.put("container", container);
    filters.replaceAll((key, value) -> value == null ? "" : value.trim());
    StringBuilder stream = new StringBuilder("/docker-events/stream");
    filters.forEach((key, value) -> stream.append(stream.indexOf("?") < 0 ? '?' : '&').append(key).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return events.data("user", identity.getPrincipal().getName()).data("host", host).data("filters", filters)
        .data("types", TYPES).data("stream", stream.toString()).data("recentMinutes", DockerEventStream.RECENT.toMinutes())
        .data("action", host.isEmpty() ? "/docker-events" : "/hosts/" + host + "/docker-events");
  }
}
