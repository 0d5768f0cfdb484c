package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.docker.DockerApiClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Follows a streamed Docker API answer of a host (a log, stats) through its tunnel and hands it
 * to a page as server-sent events: {@code end} when the stream ends, {@code failed} (with the
 * reason) when it cannot be read. Events are read from the host only as fast as the browser takes
 * them, so a busy container cannot fill the control plane's memory (the link's flow control holds
 * the agent back).
 */
@ApplicationScoped
public class HostStreamFollower {
  // Each follower blocks on its stream for as long as the page is open: threads of their own.
  private static final ExecutorService FOLLOWERS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "host-stream-follower");
    thread.setDaemon(true);
    return thread;
  });

  @Inject DockerApiClient docker;

  /** Turns a host's streamed body into named events. */
  @FunctionalInterface
  public interface Reader {
    /** Reads {@code body} (of Content-Type {@code contentType}) to its end, sending what it finds to {@code events}. */
    void read(InputStream body, String contentType, EventSink events) throws IOException;
  }

  /** Where a reader sends events; blocks until the page wants one more. */
  @FunctionalInterface
  public interface EventSink {
    /** Sends event {@code name} with {@code data}. */
    void send(String name, String data) throws IOException;
  }

  /** Events from {@code GET path} of {@code host} as {@code reader} finds them, then {@code end} with {@code endText}. */
  public Multi<OutboundSseEvent> follow(Sse sse, String host, String path, Reader reader, String endText) {
    return Multi.createFrom().emitter(emitter -> {
      Future<?> follower = FOLLOWERS.submit(() -> new Pump(emitter, sse).run(host, path, reader, endText));
      emitter.onTermination(() -> follower.cancel(true)); // the interrupt ends the blocked read
    });
  }

  /** Moves events from the host's stream to the page, waiting for the page's demand before each. */
  private final class Pump implements EventSink {
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

    void run(String host, String path, Reader reader, String endText) {
      try (DockerApiClient.StreamedReply reply = docker.stream(host, path)) {
        reader.read(reply.body(), reply.header("Content-Type"), this);
        send("end", endText);
      } catch (ApiProblem refused) {
        sendQuietly("failed", refused.getMessage());
      } catch (IOException broken) {
        sendQuietly("failed", "the stream from " + host + " broke: " + broken.getMessage());
      }
      emitter.complete();
    }

    @Override
    public void send(String name, String data) throws IOException {
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
