package dev.berth.control.web;

import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.docker.MultiplexedLines;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /hosts/{host}/containers/{id}/logs}: a container's log for its page, followed live from
 * {@code GET /containers/{id}/logs?follow=1} through the host's tunnel; each line is an event
 * named after its stream ({@code stdout}, {@code stderr}), then {@code end} when the container stops.
 */
@Path("/hosts/{host}/containers/{id}/logs")
public class ContainerLogEvents {
  @Inject HostStreamFollower follower;

  /** The last {@code tail} lines, then new ones as the container writes them. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> follow(@PathParam("host") String host, @PathParam("id") String id,
                                        @QueryParam("tail") @DefaultValue("500") int tail, @Context Sse sse) {
    String path = DockerApiClient.API + "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
        + "/logs?follow=1&stdout=1&stderr=1&tail=" + Math.max(0, tail);
    return follower.follow(sse, host, path, (body, contentType, events) ->
        MultiplexedLines.read(body, contentType, events::send), "the container is not running");
  }
}
