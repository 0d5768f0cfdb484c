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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.Sse;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /hosts/{host}/containers/{id}/logs}: a container's log for its page, followed live from
 * {@code GET /containers/{id}/logs?follow=1} through the host's tunnel; each line is an event
 * named after its stream ({@code stdout}, {@code stderr}), then {@code end} when the container stops.
 * With {@code timestamps=1} each line starts with the time its container wrote it (RFC 3339, as
 * {@code docker logs -t}). {@code .../logs/download} gives the whole log as a text file.
 */
@Path("/hosts/{host}/containers/{id}/logs")
public class ContainerLogEvents {
  @Inject HostStreamFollower follower;
  @Inject DockerApiClient docker;

  /** The last {@code tail} lines, then new ones as the container writes them. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> follow(@PathParam("host") String host, @PathParam("id") String id,
                                        @QueryParam("tail") @DefaultValue("500") int tail,
                                        @QueryParam("timestamps") String timestamps, @Context Sse sse) {
    return follower.follow(sse, host, logPath(id, "follow=1&tail=" + Math.max(0, tail), flag(timestamps)),
        (body, contentType, events) -> MultiplexedLines.read(body, contentType, events::send), "the container is not running");
  }

  /** The whole log as it is now, each line with its time, as a file to save ({@code <name>.log}). */
  @GET
  @Path("download")
  @Produces(MediaType.TEXT_PLAIN + ";charset=utf-8")
  public Response download(@PathParam("host") String host, @PathParam("id") String id) {
    DockerApiClient.StreamedReply reply = docker.stream(host, logPath(id, "tail=all", true));
    StreamingOutput lines = out -> {
      try (reply; Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
        MultiplexedLines.read(reply.body(), reply.header("Content-Type"), (stream, text) -> writer.write(text + "\n"));
      }
    };
    String file = id.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log";
    return Response.ok(lines).header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
  }

  /** A query flag as Docker reads one: given and not {@code 0} or {@code false} ({@code 1}, {@code true}). */
  static boolean flag(String value) {
    return value != null && !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("false");
  }

  /** {@code GET /containers/{id}/logs} of both streams with {@code query}, and each line's time when {@code timestamps}. */
  static String logPath(String id, String query, boolean timestamps) {
    return DockerApiClient.API + "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
        + "/logs?stdout=1&stderr=1&" + query + (timestamps ? "&timestamps=1" : "");
  }
}
