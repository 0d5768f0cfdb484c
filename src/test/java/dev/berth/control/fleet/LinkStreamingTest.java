package dev.berth.control.fleet;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.link.Link;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamInput;
import dev.berth.link.StreamReceiver;
import dev.berth.link.message.RequestHead;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One huge stream over a real agent's link must not stall anything else: while 256 MB flow to
 * the control plane, other streams and jobs (control messages) keep answering quickly, the link
 * stays up, and neither side holds more than the flow-control window.
 */
@QuarkusTest
class LinkStreamingTest {
  private static final long BULK_BYTES = 256L << 20;
  private static final String HOST = "streaming-agent";

  @TestHTTPResource("/") URL controlPlane;
  @Inject AgentSessions sessions;

  @Test
  void a256MegabyteStreamLeavesOtherStreamsAndJobsFlowingInBoundedMemory() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      Link link = sessions.findByName(HOST).orElseThrow().link();

      LinkStream bulk = link.open(RequestHead.diagnostic("link.generate", BULK_BYTES));
      bulk.end();
      SlowCountingReceiver counter = new SlowCountingReceiver(bulk);
      bulk.receive(counter);

      long slowestEcho = 0;
      long slowestJob = 0;
      int rounds = 0;
      while (!counter.done.isDone()) {
        long started = System.nanoTime();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, echo(link, new byte[] {1, 2, 3, 4}));
        slowestEcho = Math.max(slowestEcho, System.nanoTime() - started);
        started = System.nanoTime();
        Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"echo\"}").post("/api/v1/jobs?wait=10")
            .then().body("state", equalTo("succeeded"));
        slowestJob = Math.max(slowestJob, System.nanoTime() - started);
        rounds++;
        assertTrue(rssKilobytes(agent.pid()) < 200_000, "agent memory stays bounded");
      }
      assertEquals(BULK_BYTES, counter.done.get(120, TimeUnit.SECONDS));
      assertTrue(counter.maxInFlight.get() <= LinkStream.INITIAL_WINDOW,
          "in flight " + counter.maxInFlight.get() + " > window");
      assertTrue(rounds >= 2, "other traffic interleaved with the bulk stream (" + rounds + " rounds)");
      assertTrue(slowestEcho < TimeUnit.SECONDS.toNanos(1), "echo took " + slowestEcho / 1e6 + " ms");
      assertTrue(slowestJob < TimeUnit.SECONDS.toNanos(2), "job took " + slowestJob / 1e6 + " ms");
      assertTrue(agent.online(), "heartbeats kept the host online");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (link.openStreams() > 0) { // a stream is forgotten just after its end is delivered
        assertTrue(System.nanoTime() < deadline, link.openStreams() + " stream(s) left open");
        Thread.sleep(10);
      }
    }
  }

  private static byte[] echo(Link link, byte[] payload) throws Exception {
    LinkStream stream = link.open(RequestHead.diagnostic("link.echo", 0));
    try (InputStream in = new StreamInput(stream)) {
      stream.write(ByteBuffer.wrap(payload)).get(5, TimeUnit.SECONDS);
      stream.end();
      return in.readAllBytes();
    }
  }

  private static long rssKilobytes(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(line -> line.startsWith("VmRSS:"))
        .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0);
  }

  /** Counts the bulk bytes and acknowledges them from another thread, a little behind. */
  private static final class SlowCountingReceiver implements StreamReceiver {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final AtomicLong maxInFlight = new AtomicLong();
    private final LinkStream stream;
    private final ExecutorService acknowledger = Executors.newSingleThreadExecutor();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();

    SlowCountingReceiver(LinkStream stream) {
      this.stream = stream;
    }

    @Override
    public void onData(ByteBuffer data) {
      int size = data.remaining();
      long inFlight = received.addAndGet(size) - acknowledged.get();
      maxInFlight.accumulateAndGet(inFlight, Math::max);
      acknowledger.execute(() -> {
        acknowledged.addAndGet(size);
        stream.acknowledge(size);
      });
    }

    @Override
    public void onEnd() {
      done.complete(received.get());
      acknowledger.shutdown();
    }

    @Override
    public void onReset(String reason) {
      done.completeExceptionally(new AssertionError("bulk stream reset: " + reason));
      acknowledger.shutdown();
    }
  }
}
