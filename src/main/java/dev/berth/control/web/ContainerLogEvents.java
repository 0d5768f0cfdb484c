package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import dev.berth.control.docker.MultiplexedLines;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.DefaultValue;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code /hosts/{host}/containers/{id}/logs}: a container's log for its page, followed live. The
 * control plane follows {@code GET /containers/{id}/logs?follow=1} through the host's tunnel and
 * sends each line as a server-sent event named after its stream ({@code stdout}, {@code stderr});
 * {@code end} when the container stops, {@code failed} (with the reason) when the log cannot be
 * read. Lines are read from the host only as fast as the browser takes them, so a chatty
 * container cannot fill the control plane's memory (the link's flow control holds the agent back).
 */
@Path("/hosts/{host}/containers/{id}/logs")
public class ContainerLogEvents {
  // Each follower blocks on its stream for as long as the page is open: threads of their own.
  private static final ExecutorService FOLLOWERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "container-log-follower");
    thread.setDaemon(true);
    return thread;
  });

  @Inject DockerApiClient docker;

  /** The last {@code tail} lines, then new ones as the container writes them. */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> follow(@PathParam("host") String host, @PathParam("id") String id,
                                        @QueryParam("tail") @DefaultValue("500") int tail, @Context Sse sse) {
    String path = DockerApiClient.API + "/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
        + "/logs?follow=1&stdout=1&stderr=1&tail=" + Math.max(0, tail);
    return Multi.createFrom().emitter(emitter -> {
      Future<?> follower = FOLLOWERS.submit(() -> new Pump(emitter, sse).run(host, path));
      emitter.onTermination(() -> follower.cancel(true)); // the interrupt ends the blocked read // the interrupt ends the blocked read
    });
  }

  /** Moves lines from the host's stream to the page, waiting for the page's demand before each. */
  private final class Pump {
    private final MultiEmitter<? super OutboundSseEvent> emitter;
    private final Sse sse;
    private final Object demand = new Object();

    Pump(MultiEmitter<? super OutboundSseEvent> emitter, Sse sse) {
      this.emitter = emitter;
      this.sse = sse;
      emitter.onRequest(n -> {
        synchronized (demand) {
          demand.notifyAll();
        }
      });
    }

    void run(String host, String path) {
      try (DockerApiClient.StreamedReply reply = docker.stream(host, path)) {
        MultiplexedLines.read(reply.body(), reply.header("Content-Type"), this::send);
        send("end", "the container is not running");
      } catch (ApiProblem refused) {
        sendQuietly("failed", refused.getMessage());
      } catch (IOException broken) {
        sendQuietly("failed", "the log stream from " + host + " broke: " + broken.getMessage());
      }
      emitter.complete();
    }

    private void send(String name, String data) throws IOException {
      synchronized (demand) {
        while (emitter.requested() == 0 && !emitter.isCancelled()) {
          try {
            demand.wait(1000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the page went away");
          }
        }
      }
      if (emitter.isCancelled()) {
        throw new InterruptedIOException("the page went away");
      }
      emitter.emit(sse.newEventBuilder().name(name).data(data).build());
    }

    private void sendQuietly(String name, String data) {
      try {
        send(name, data);
      } catch (IOException pageGone) {
        // nobody to tell
      }
    }
  }
}
