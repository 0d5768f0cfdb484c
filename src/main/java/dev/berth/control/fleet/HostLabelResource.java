package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /api/v1/hosts/{host}/labels}: a host's labels ({@link HostLabels}). {@code PATCH} merges
 * ({@code {"env": "prod", "old": null}} sets env, removes old), {@code PUT} replaces them all,
 * {@code DELETE .../labels/{key}} removes one. Changes are for admins (operators can be granted hosts
 * by label, so a label is a grant), and audited like every change.
 */
@Path("/api/v1/hosts/{host}/labels")
@Produces(MediaType.APPLICATION_JSON)
public class HostLabelResource {
  @Inject Event<HostChanged> changes;

  /** The host's labels. */
  @GET
  @Transactional
  public JsonNode get(@PathParam("host") String ref) {
    return find(ref).labels;
  }

  /** Sets the labels with text values, removes those with null; answers the labels now. */
  @PATCH
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public JsonNode merge(@PathParam("host") String ref, JsonNode changes) {
    Host host = find(ref);
    return set(host, HostLabels.merged(host.labels, changes));
  }

  /** Replaces every label with these. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Transactional
  public JsonNode replace(@PathParam("host") String ref, JsonNode labels) {
    return set(find(ref), HostLabels.merged(null, labels));
  }

  /** Removes one label (nothing to do when it is not set). */
  @DELETE
  @Path("{key}")
  @Transactional
  public JsonNode remove(@PathParam("host") String ref, @PathParam("key") String key) {
    Host host = find(ref);
    return set(host, HostLabels.merged(host.labels,
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().putNull(key)));
  }

  private JsonNode set(Host host, JsonNode labels) {
    host.labels = labels;
    changes.fire(new HostChanged(host.id));
    return labels;
  }

  private static Host find(String ref) {
    return Host.findByRef(ref).orElseThrow(() -> ApiProblem.notFound("no such host: " + ref));
  }
}
