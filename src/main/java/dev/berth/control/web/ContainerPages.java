package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.fleet.Host;
import dev.berth.control.inventory.ContainerDetail;
import dev.berth.control.inventory.ContainerDetails;
import dev.berth.control.inventory.ContainerFilter;
import dev.berth.control.inventory.ContainerInventory;
import dev.berth.control.inventory.ContainerView;
import dev.berth.control.security.Authorization;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
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
 * Containers pages: the fleet's containers from the inventory, and one container in full from its
 * host, with its log followed live ({@link ContainerLogEvents}). Actions (start, stop, restart,
 * kill, pause, unpause, remove, run) call the host's Docker API through the tunnel from the
 * browser, with the same checks and audit as the docker CLI.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ContainerPages {
  /** Rows of a page of the containers table: the others are on the next pages, or found by the filters. */
  static final int PAGE_ROWS = 100;
  /** Rows of the containers table on a host's page (the newest); the containers page has them all. */
  static final int HOST_PAGE_ROWS = 50;

  @Inject Template containers;
  @Inject Template container;
  @Inject ContainerInventory inventory;
  @Inject ContainerDetails details;
  @Inject SecurityIdentity identity;
  @Inject HostAddresses addresses;

  /** Containers across the fleet or of one host, with Docker's filters, updating live. */
  @GET
  @Path("containers")
  @Transactional
  public TemplateInstance list(@QueryParam("host") String host, @QueryParam("state") String state,
                               @QueryParam("name") String name, @QueryParam("image") String image,
                               @QueryParam("page") @DefaultValue("1") int page) {
    Map<String, String> filters = new LinkedHashMap<>();
    filters.put("host", host);
    filters.put("state", state);
    filters.put("name", name);
    filters.put("image", image);
    filters.replaceAll((key, value) -> value == null ? "" : value.trim());
    List<ContainerView> found = Authorization.readable(identity, inventory.list(QueryValues.given(host),
        new ContainerFilter(QueryValues.given(state), QueryValues.given(name), null, QueryValues.given(image))),
        ContainerView::host);
    int pages = Math.max(1, (found.size() + PAGE_ROWS - 1) / PAGE_ROWS);
    int shown = Math.min(Math.max(1, page), pages);
    String filtered = "/containers?" + query(filters);
    return containers.data("user", identity.getPrincipal().getName())
        .data("containers", found.subList((shown - 1) * PAGE_ROWS, Math.min(shown * PAGE_ROWS, found.size())))
        .data("total", found.size())
        .data("page", shown).data("pages", pages).data("firstRow", (shown - 1) * PAGE_ROWS + 1)
        .data("previous", shown > 1 ? filtered + "&page=" + (shown - 1) : "")
        .data("next", shown < pages ? filtered + "&page=" + (shown + 1) : "")
        .data("addresses", addresses.byName())
        .data("filters", filters)
        .data("self", filtered + "&page=" + shown)
        .data("hostId", host == null || host.isBlank() ? "" : inventory.host(host).id().toString())
        .data("hosts", Host.<Host>listAll().stream().map(h -> h.name).sorted().toList())
        .data("states", ContainerFilter.STATES.stream().sorted().toList());
  }

  /** One container of one host: inspected live (or as last reported while the host is offline), its log following. */
  @GET
  @Path("hosts/{host}/containers/{id}")
  public TemplateInstance detail(@PathParam("host") String host, @PathParam("id") String id) {
    ContainerDetail detail = details.of(host, id);
    ContainerPageView view = ContainerPageView.of(detail, addresses.byName().get(detail.host()));
    String self = "/hosts/" + encode(detail.host()) + "/containers/" + encode(view.id());
    return container.data("user", identity.getPrincipal().getName())
        .data("host", detail.host()).data("hostId", detail.hostId().toString()).data("c", view)
        .data("self", self).data("logsUrl", self + "/logs").data("downloadUrl", self + "/logs/download");
  }

  private static String query(Map<String, String> values) {
    StringBuilder query = new StringBuilder();
    values.forEach((key, value) -> query.append(query.isEmpty() ? "" : "&").append(key).append('=').append(encode(value)));
    return query.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
