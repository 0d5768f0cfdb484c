package dev.berth.control.web;

import dev.berth.control.api.QueryValues;
import dev.berth.control.build.BuildView;
import dev.berth.control.build.HostBuilds;
import dev.berth.control.fleet.Host;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The Builds page: pick a host, type a Dockerfile, upload a context (a tar or single files), give
 * build args and tags, build; the output of each step shows as it comes ({@code static/builds.js}
 * posts the form to {@code /api/v1/hosts/{host}/builds} and follows {@link BuildOutputEvents}),
 * then the image's ID and tags. Below, the host's build history with each build's output tail.
 */
@Path("/builds")
@Produces(MediaType.TEXT_HTML)
@Blocking
public class BuildPages {
  @Inject Template builds;
  @Inject HostBuilds service;
  @Inject SecurityIdentity identity;

  /** The form and the history of {@code host} (the first host when none is chosen). */
  @GET
  public TemplateInstance page(@QueryParam("host") String host) {
    List<String> hosts = QuarkusTransaction.requiringNew()
        .call(() -> Host.<Host>listAll().stream().map(h -> h.name).sorted().toList());
    String chosen = QueryValues.given(host);
    if (chosen == null && !hosts.isEmpty()) {
      chosen = hosts.get(0);
    }
    List<BuildView> history = chosen == null ? List.of() : service.list(chosen).stream()
        .map(build -> BuildView.of(build, build.outputTail)).toList();
    return builds.data("user", identity.getPrincipal().getName())
        .data("hosts", hosts)
        .data("host", chosen == null ? "" : chosen)
        .data("history", history);
  }
}
