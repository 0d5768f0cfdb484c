package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.docker.MultiplexedLines;
import dev.berth.control.inventory.ContainerFilter;
import dev.berth.control.inventory.ContainerInventory;
import dev.berth.control.inventory.ContainerView;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /logs}: one log view of several containers at once, e.g. every container with a label
 * ({@code ?label=app=web}), of one host or of the whole fleet. Each container's log is followed
 * through its host's tunnel as on its own page; lines are merged as they come, each named after its
 * container ({@code name | line}); a container's end is a {@code note}, and {@code end} comes once
 * every log has ended.
 */
@Path("/logs")
public class LogPages {
  /** The most containers one view follows (each holds a stream through its host's link). */
  static final int MOST_FOLLOWED = 20;
  /** Lines each container's log starts with. */
  static final int TAIL = 100;

  @Inject Template logs;
  @Inject ContainerInventory inventory;
  @Inject HostStreamFollower follower;
  @Inject SecurityIdentity identity;

  /** The view: which containers match, and their merged log following. */
  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance page(@QueryParam("host") String host, @QueryParam("label") String label,
                               @QueryParam("name") String name) {
    List<ContainerView> matched = matching(host, label, name);
    return logs.data("user", identity.getPrincipal().getName())
        .data("host", text(host)).data("label", text(label)).data("name", text(name))
        .data("containers", matched.subList(0, Math.min(MOST_FOLLOWED, matched.size())))
        .data("total", matched.size()).data("asked", !matched.isEmpty() || host != null || label != null || name != null)
        .data("streamUrl", "/logs/stream?host=" + encode(text(host)) + "&label=" + encode(text(label)) + "&name=" + encode(text(name)));
  }

  /** The merged log of the matching containers (at most {@link #MOST_FOLLOWED}). */
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<OutboundSseEvent> stream(@QueryParam("host") String host, @QueryParam("label") String label,
                                        @QueryParam("name") String name, @QueryParam("timestamps") String timestamps,
                                        @Context Sse sse) {
    List<ContainerView> matched = matching(host, label, name);
    boolean manyHosts = matched.stream().map(ContainerView::host).distinct().count() > 1;
    List<Multi<OutboundSseEvent>> each = matched.stream().limit(MOST_FOLLOWED).map(c -> {
      String who = manyHosts ? c.host() + "/" + c.name() : c.name();
      return follower.follow(sse, c.host(), ContainerLogEvents.logPath(c.id(), "follow=1&tail=" + TAIL, ContainerLogEvents.flag(timestamps)),
          (body, contentType, events) -> MultiplexedLines.read(body, contentType, (stream, text) -> events.send(stream, who + " | " + text)),
          "the container is not running")
          .map(event -> event.getName().equals("end") || event.getName().equals("failed")
              ? sse.newEventBuilder().name("note").data(who + ": " + event.getData()).build() : event);
    }).toList();
    Multi<OutboundSseEvent> merged = each.isEmpty() ? Multi.createFrom().empty() : Multi.createBy().merging().streams(each);
    return Multi.createBy().concatenating().streams(merged,
        Multi.createFrom().item(() -> sse.newEventBuilder().name("end").data("every log ended").build()));
  }

  private List<ContainerView> matching(String host, String label, String name) {
    if (QueryValues.given(host) == null && QueryValues.given(label) == null && QueryValues.given(name) == null) {
      return List.of(); // the whole fleet's logs at once are nobody's question
    }
    return inventory.list(QueryValues.given(host), new ContainerFilter(null, QueryValues.given(name), QueryValues.given(label), null));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String text(String value) {
    return value == null ? "" : value.trim();
  }
}
