package dev.berth.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.JobCancel;
import dev.berth.link.message.ReplyHead;
import dev.berth.link.message.RequestHead;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LinkTest {
  private final BlockingQueue<ControlMessage> agentInbox = new LinkedBlockingQueue<>();
  private final BlockingQueue<LinkStream> agentStreams = new LinkedBlockingQueue<>();

  private InMemoryLinkPair pair() {
    return new InMemoryLinkPair(m -> { }, s -> s.reset("not accepting"), agentInbox::add, agentStreams::add);
  }

  @Test
  void echoesBytesBothWaysAndEndsCleanly() throws Exception {
    try (InMemoryLinkPair pair = pair()) {
      LinkStream opened = pair.controlPlane.open(RequestHead.diagnostic("link.echo", 0));
      LinkStream accepted = agentStreams.poll(5, TimeUnit.SECONDS);
      assertEquals("link.echo", accepted.head().kind());
      accepted.sendReply(new ReplyHead(200, Map.of()));
      assertEquals(200, opened.reply().get(5, TimeUnit.SECONDS).status());

      byte[] sent = new byte[300_000];
      for (int i = 0; i < sent.length; i++) {
        sent[i] = (byte) (i * 31);
      }
      CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(new StreamInput(accepted)));
      try (StreamOutput out = new StreamOutput(opened)) {
        out.write(sent);
      }
      assertArrayEquals(sent, received.get(5, TimeUnit.SECONDS));
      accepted.end();
      opened.receive(new StreamInput(opened));
      waitUntil(() -> pair.controlPlane.openStreams() == 0 && pair.agent.openStreams() == 0);
    }
  }

  @Test
  void aSlowReaderHoldsBackOnlyItsOwnStream() throws Exception {
    try (InMemoryLinkPair pair = pair()) {
      LinkStream bulk = pair.controlPlane.open(RequestHead.diagnostic("link.discard", 0));
      LinkStream bulkAtAgent = agentStreams.poll(5, TimeUnit.SECONDS);
      AtomicLong buffered = new AtomicLong();
      bulkAtAgent.receive(new StreamReceiver() {
        public void onData(ByteBuffer data) { buffered.addAndGet(data.remaining()); }  // never acknowledged
        public void onEnd() { }
        public void onReset(String reason) { }
      });
      CompletableFuture<Void> last = null;
      for (int i = 0; i < 64; i++) {
        last = bulk.write(ByteBuffer.allocate(64 * 1024));
      }
      waitUntil(() -> buffered.get() == LinkStream.INITIAL_WINDOW);
      assertTrue(!last.isDone(), "the writer must be held back once the window is used up");

      // Control messages and other streams still flow.
      pair.controlPlane.send(new JobCancel("x"));
      assertEquals(new JobCancel("x"), agentInbox.poll(5, TimeUnit.SECONDS));
      LinkStream other = pair.controlPlane.open(RequestHead.diagnostic("link.echo", 0));
      LinkStream otherAtAgent = agentStreams.poll(5, TimeUnit.SECONDS);
      other.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
      other.end();
      assertArrayEquals(new byte[] {1, 2, 3}, readAll(new StreamInput(otherAtAgent)));
      Thread.sleep(100);
      assertEquals(LinkStream.INITIAL_WINDOW, buffered.get(), "the slow stream got no more than its window");
    }
  }

  @Test
  void aMalformedFrameClosesTheLinkAndResetsItsStreams() throws Exception {
    try (InMemoryLinkPair pair = pair()) {
      LinkStream opened = pair.controlPlane.open(RequestHead.diagnostic("link.echo", 0));
      agentStreams.poll(5, TimeUnit.SECONDS);
      pair.agent.onBinary(ByteBuffer.wrap(new byte[] {9, 0, 0, 0, 1}));
      assertTrue(pair.agent.closed().get(5, TimeUnit.SECONDS).contains("unknown frame type 9"));
      pair.controlPlane.closed().get(5, TimeUnit.SECONDS);
      assertTrue(opened.isReset());
      assertThrows(LinkClosedException.class, () -> pair.controlPlane.open(RequestHead.diagnostic("link.echo", 0)));
    }
  }

  @Test
  void rejectsFramesThatBreakTheLayout() {
    List<byte[]> malformed = List.of(
        new byte[] {3, 0, 0},                 // shorter than the header
        new byte[] {3, 0, 0, 0, 0, 1},        // stream id 0
        new byte[] {4, 0, 0, 0, 1, 7},        // END with a payload
        new byte[] {6, 0, 0, 0, 1, 0, 0, 0, 0}, // WINDOW of zero
        new byte[] {3, 0, 0, 0, 1});          // empty DATA
    for (byte[] frame : malformed) {
      assertThrows(LinkProtocolException.class, () -> Frame.decode(ByteBuffer.wrap(frame)));
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 5 s");
      Thread.sleep(10);
    }
  }
}
