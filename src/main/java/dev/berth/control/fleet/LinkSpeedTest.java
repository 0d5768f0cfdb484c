package dev.berth.control.fleet;

import dev.berth.control.api.ApiProblem;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import dev.berth.link.message.RequestHead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Measures a host's link: the agent sends {@code bytes} on one stream and the control plane
 * counts them as they arrive, acknowledging at once, so the figure is the link's own throughput.
 */
@ApplicationScoped
public class LinkSpeedTest {
  /** Largest transfer one test may ask for. */
  public static final long MAX_BYTES = 8L << 30;

  @Inject AgentSessions sessions;

  /** What one measurement found. */
  public record Result(String host, long bytes, double seconds, double megabytesPerSecond, Double heartbeatMillis) {}

  /** Streams {@code bytes} from the host's agent and reports how fast they came. */
  public CompletableFuture<Result> measure(String hostName, long bytes) {
    if (bytes < 1 || bytes > MAX_BYTES) {
      throw ApiProblem.badRequest("bytes must be between 1 and " + MAX_BYTES);
    }
    AgentSession session = sessions.findByName(hostName)
        .orElseThrow(() -> new ApiProblem(503, "host " + hostName + " is not connected to this control plane"));
    LinkStream stream;
    try {
      stream = session.link().open(RequestHead.diagnostic("link.generate", bytes));
    } catch (LinkClosedException e) {
      throw new ApiProblem(503, "host " + hostName + " is offline: " + e.getMessage());
    }
    long started = System.nanoTime();
    CompletableFuture<Result> result = new CompletableFuture<>();
    stream.end();
    stream.receive(new StreamReceiver() {
      private long received;

      @Override
      public void onData(ByteBuffer data) {
        received += data.remaining();
        stream.acknowledge(data.remaining());
      }

      @Override
      public void onEnd() {
        double seconds = (System.nanoTime() - started) / 1e9;
        Duration rtt = session.link().lastRoundTrip();
        result.complete(new Result(hostName, received, seconds, received / seconds / 1e6,
            rtt == null ? null : rtt.toNanos() / 1e6));
      }

      @Override
      public void onReset(String reason) {
        result.completeExceptionally(new ApiProblem(502, "link test to " + hostName + " failed: " + reason));
      }
    });
    return result;
  }
}
