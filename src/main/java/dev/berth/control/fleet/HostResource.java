package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.Authorization;
import dev.berth.control.security.ContainerPrivileges;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import java.util.concurrent.CompletionStage;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/hosts}: the fleet. */
@Path("/api/v1/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {
  @Inject SecurityIdentity identity;
  @Inject HostRemoval removal;
  @Inject LinkSpeedTest speedTest;

  /** Every host, by name; with {@code selector=env=prod,zone=a}, those with these labels ({@link HostSelector}). */
  @GET
  @Transactional
  public List<HostView> list(@QueryParam("selector") String selector) {
    return Authorization.readable(identity, HostSelector.hosts(selector).stream().map(HostView::of).toList(),
        HostView::name);
  }

  /** One host, by name or id. */
  @GET
  @Path("{host}")
  @Transactional
  public HostView get(@PathParam("host") String ref) {
    return Host.findByRef(ref).map(HostView::of).orElseThrow(() -> ApiProblem.notFound("no such host: " + ref));
  }

  /**
   * Changes a host's settings: {@code {"allowedBindPrefixes": ["/srv", "/data/apps"]}} limits the host paths
   * people other than admins may bind into its containers; {@code null} lifts the limit;
   * {@code {"labels": {"env": "prod", "old": null}}} sets and removes labels as {@link HostLabelResource} does. Admins only.
   */
  @PATCH
  @Path("{host}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public HostView change(@PathParam("host") String ref, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ApiProblem.badRequest("expected a JSON object of host settings");
    }
    Host host = Host.findByRef(ref).orElseThrow(() -> ApiProblem.notFound("no such host: " + ref));
    JsonNode labels = body.has("labels") ? HostLabels.merged(host.labels, body.get("labels")) : null;
    if (body.has("allowedBindPrefixes")) {
      host.allowedBindPrefixes = bindPrefixes(body.get("allowedBindPrefixes"));
    }
    if (labels != null) {
      host.labels = labels;
    }
    return HostView.of(host);
  }

  private static List<String> bindPrefixes(JsonNode node) {
    if (node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw ApiProblem.badRequest("allowedBindPrefixes must be an array of absolute paths, or null");
    }
    List<String> prefixes = new ArrayList<>();
    for (JsonNode prefix : node) {
      if (!prefix.isTextual() || !prefix.asText().startsWith("/") || prefix.asText().length() > 4096) {
        throw ApiProblem.badRequest("allowedBindPrefixes must hold absolute paths: " + prefix);
      }
      String normalised = ContainerPrivileges.normalise(prefix.asText());
      if (!prefixes.contains(normalised)) {
        prefixes.add(normalised);
      }
    }
    return prefixes;
  }

  /** Measures the host's link: the agent streams {@code bytes} to the control plane. */
  @POST
  @Path("{host}/link-test")
  @Blocking // so a request that comes with a body is authorised (403), not failed reading it on the event loop
  public CompletionStage<LinkSpeedTest.Result> linkTest(@PathParam("host") String name,
                                                       @QueryParam("bytes") @DefaultValue("268435456") long bytes) {
    return speedTest.measure(name, bytes);
  }

  /** Removes a host: revokes its agent's credential and closes its link. */
  @DELETE
  @Path("{host}")
  public HostView remove(@PathParam("host") String ref) {
    return HostView.of(removal.remove(ref));
  }
}
