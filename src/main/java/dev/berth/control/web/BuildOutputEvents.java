package dev.berth.control.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.build.Build;
import dev.berth.control.build.BuildOutput;
import dev.berth.control.build.BuildResource;
import dev.berth.control.build.BuildView;
import dev.berth.control.build.HostBuilds;
import io.smallrye.common.annotation.Blocking;
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

/**
 * {@code /hosts/{host}/builds/{id}/events}: a build's output as server-sent events, live while it
 * runs: {@code output} events (a JSON string each: the text so far, then each new piece), then one
 * {@code end} event with the build as {@code /api/v1/hosts/{host}/builds/{id}} shows it.
 */
@Path("/hosts/{host}/builds/{id}/events")
public class BuildOutputEvents {
  @Inject HostBuilds builds;
  @Inject ObjectMapper json;

  /** The output, then the end. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Blocking
  public Multi<OutboundSseEvent> follow(@PathParam("host") String host, @PathParam("id") String id, @Context Sse sse) {
    Build build = builds.find(host, BuildResource.uuid(host, id));
    return Multi.createFrom().emitter(emitter -> {
      Runnable stop = builds.follow(build, new BuildOutput.Listener() {
        @Override
        public void output(String text) {
          emitter.emit(sse.newEventBuilder().name("output").data(json(text)).build());
        }

        @Override
        public void end() {
          Build ended = builds.find(host, build.id);
          emitter.emit(sse.newEventBuilder().name("end").data(json(BuildView.of(ended))).build());
          emitter.complete();
        }
      });
      emitter.onTermination(stop);
    });
  }

  private String json(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
