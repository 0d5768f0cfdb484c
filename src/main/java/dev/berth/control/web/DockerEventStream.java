package dev.berth.control.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.fleet.Host;
import dev.berth.control.security.Authorization;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /docker-events/stream}: the Docker events of one host ({@code host=}) or of every online
 * host (linked to this replica or another), live, for the events pages: each host's {@code GET /events} is followed through
 * its tunnel while the page is open, from {@link #RECENT} ago, filtered on the host by Docker's own
 * rules ({@code type}, {@code event} for the action, {@code container}). Each event is an SSE
 * {@code docker} event carrying Docker's JSON plus {@code host}; {@code end}/{@code failed} say
 * when a host's stream stops.
 */
@Path("/docker-events/stream")
public class DockerEventStream {
  /** How far back a newly opened page starts. */
  static final Duration RECENT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject HostStreamFollower follower;
  @Inject SecurityIdentity identity;

  /** Events as they happen (after the recent ones), of {@code host} or of the fleet. */
  @GET
  @Blocking
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> follow(@QueryParam("host") String host, @QueryParam("type") String type,
                                        @QueryParam("action") String action, @QueryParam("container") String container,
                                        @Context Sse sse) {
    String path = DockerApiClient.API + "/events?since=" + Instant.now().minus(RECENT).getEpochSecond()
        + filters(type, action, container);
    List<String> hosts = (host != null && host.matches(Host.NAME_PATTERN) ? List.of(host)
        : QuarkusTransaction.requiringNew().call(() -> Host.<Host>list("online", true)).stream()
            .map(online -> online.name).sorted().toList())
        .stream().filter(name -> Authorization.mayRead(identity, name)).toList();
    if (hosts.isEmpty()) {
      return Multi.createFrom().item(sse.newEventBuilder().name("failed").data("no host is online").build());
    }
    return Multi.createBy().merging().streams(hosts.stream().map(name -> follower.follow(sse, name, path,
        (body, contentType, events) -> {
          BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
          for (String line; (line = lines.readLine()) != null; ) {
            if (!line.isBlank()) {
              ObjectNode event = (ObjectNode) JSON.readTree(line);
              events.send("docker", JSON.writeValueAsString(event.put("host", name)));
            }
          }
        }, name + " stopped sending events")).toList());
  }

  /** Docker's {@code filters} parameter for what the page asked (empty values ignored). */
  static String filters(String type, String action, String container) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    put(filters, "type", type);
    put(filters, "event", action);
    put(filters, "container", container);
    if (filters.isEmpty()) {
      return "";
    }
    try {
      return "&filters=" + URLEncoder.encode(JSON.writeValueAsString(filters), StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void put(Map<String, List<String>> filters, String name, String value) {
    if (value != null && !value.isBlank()) {
      filters.put(name, List.of(value.trim()));
    }
  }
}
