package dev.berth.control.web;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** {@code /events}: server-sent events that keep the dashboard's pages current. */
@Path("/events")
public class LiveUpdatesResource {
  @Inject LiveUpdates updates;

  /** Named events ({@code job}, {@code host}, {@code stats}, {@code images}, {@code containers}...) carrying the id of what changed. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(@Context Sse sse) {
    return updates.stream().map(change -> sse.newEventBuilder().name(change.name()).data(change.id()).build());
  }
}
