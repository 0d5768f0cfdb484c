package dev.berth.control.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.docker.DockerApiClient;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /hosts/{host}/containers/{id}/stats}: a container's stats for its page, followed live from
 * {@code GET /containers/{id}/stats?stream=1} (one frame a second) through the host's tunnel; each
 * frame becomes a {@code sample} event with a {@link ContainerStatsSample} as JSON.
 */
@Path("/hosts/{host}/containers/{id}/stats")
public class ContainerStatsEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject HostStreamFollower follower;

  /** A sample a second while the page is open. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> follow(@PathParam("host") String host, @PathParam("id") String id, @Context Sse sse) {
    String path = DockerApiClient.API + "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/stats?stream=1";
    return follower.follow(sse, host, path, (body, contentType, events) -> {
      BufferedReader frames = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      for (String frame; (frame = frames.readLine()) != null; ) {
        if (!frame.isBlank()) {
          events.send("sample", JSON.writeValueAsString(ContainerStatsSample.of(JSON.readTree(frame))));
        }
      }
    }, "the container is gone");
  }
}
