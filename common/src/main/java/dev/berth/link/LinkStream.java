package dev.berth.link;

import dev.berth.link.message.LinkJson;
import dev.berth.link.message.ReplyHead;
import dev.berth.link.message.RequestHead;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * One bidirectional byte stream multiplexed over the link, with credit-based flow control in each
 * direction (as HTTP/2's WINDOW_UPDATE): a side sends DATA only within the credit its peer
 * granted, and grants more as its consumer acknowledges bytes. So one slow or huge stream holds
 * at most {@link #INITIAL_WINDOW} bytes in flight and never blocks the link, other streams or
 * heartbeats.
 *
 * <p>Lifecycle: the opener sends OPEN with a {@link RequestHead}; the acceptor answers with REPLY
 * and a {@link ReplyHead}; both sides send DATA and then END. The stream is gone once both sides
 * have ended, or at once when either resets it.
 */
public final class LinkStream {
  /** Bytes a side may send before the peer grants more. */
  public static final int INITIAL_WINDOW = 1 << 20;
  private static final int WINDOW_UPDATE_THRESHOLD = INITIAL_WINDOW / 4;

  private record PendingWrite(ByteBuffer data, CompletableFuture<Void> done) {}

  private final int id;
  private final RequestHead head;
  private final Link link;
  private final CompletableFuture<ReplyHead> reply = new CompletableFuture<>();

  private final Queue<PendingWrite> pendingWrites = new ArrayDeque<>();
  private long sendCredit = INITIAL_WINDOW;
  private boolean endRequested;
  private boolean endSent;

  private long receiveAllowance = INITIAL_WINDOW;
  private int unacknowledged;
  private StreamReceiver receiver;
  private final Queue<ByteBuffer> unreceived = new ArrayDeque<>();
  private boolean remoteEnded;
  private String resetReason;

  LinkStream(int id, RequestHead head, Link link) {
    this.id = id;
    this.head = head;
    this.link = link;
  }

  /** The stream id on the wire. */
  public int id() {
    return id;
  }

  /** What the stream was opened for. */
  public RequestHead head() {
    return head;
  }

  /** Completes with the acceptor's reply (for streams this side opened). */
  public CompletableFuture<ReplyHead> reply() {
    return reply;
  }

  /** Sends the reply head (for streams the peer opened). */
  public void sendReply(ReplyHead replyHead) {
    link.outbound().sendUrgent(Frame.text(FrameType.REPLY, id, LinkJson.write(replyHead)));
  }

  /**
   * Sends bytes; the future completes once all of them are queued within the peer's credit, so a
   * writer that waits for it before writing more never holds more than the window in memory.
   */
  public CompletableFuture<Void> write(ByteBuffer data) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (this) {
      if (resetReason != null || endRequested) {
        done.completeExceptionally(new LinkClosedException(
            resetReason != null ? resetReason : "stream " + id + " already ended"));
        return done;
      }
      if (!data.hasRemaining()) {
        done.complete(null);
        return done;
      }
      pendingWrites.add(new PendingWrite(data.duplicate(), done));
    }
    pump();
    return done;
  }

  /** Sends END after everything written so far. */
  public void end() {
    synchronized (this) {
      if (endRequested || resetReason != null) {
        return;
      }
      endRequested = true;
    }
    pump();
  }

  /** Aborts the stream both ways and tells the peer why. */
  public void reset(String reason) {
    if (markReset(reason)) {
      link.outbound().sendUrgent(Frame.text(FrameType.RESET, id, reason));
    }
  }

  /** Sets who receives the peer's bytes; anything that arrived before is delivered first. */
  public synchronized void receive(StreamReceiver newReceiver) {
    this.receiver = newReceiver;
    ByteBuffer early;
    while ((early = unreceived.poll()) != null) {
      newReceiver.onData(early);
    }
    if (resetReason != null) {
      newReceiver.onReset(resetReason);
    } else if (remoteEnded) {
      newReceiver.onEnd();
    }
  }

  /** The receiver consumed {@code bytes}: grant the peer that much more credit (batched). */
  public void acknowledge(int bytes) {
    int grant;
    synchronized (this) {
      if (resetReason != null || remoteEnded) {
        return;
      }
      unacknowledged += bytes;
      if (unacknowledged < WINDOW_UPDATE_THRESHOLD) {
        return;
      }
      grant = unacknowledged;
      unacknowledged = 0;
      receiveAllowance += grant;
    }
    link.outbound().sendUrgent(Frame.window(id, grant));
  }

  /** Whether this stream was reset (by either side or by the link closing). */
  public synchronized boolean isReset() {
    return resetReason != null;
  }

  void onFrame(Frame frame) throws LinkProtocolException {
    switch (frame.type()) {
      case DATA -> onData(frame.payload());
      case END -> onEnd();
      case RESET -> markReset("reset by peer: " + frame.payloadText());
      case WINDOW -> onWindow(frame.payload().getInt(0));
      case REPLY -> reply.complete(LinkJson.read(frame.payloadText(), ReplyHead.class));
      case OPEN -> throw new LinkProtocolException("OPEN for stream " + id + " which is already open");
    }
  }

  private synchronized void onData(ByteBuffer data) throws LinkProtocolException {
    if (remoteEnded) {
      throw new LinkProtocolException("DATA after END on stream " + id);
    }
    if (data.remaining() > receiveAllowance) {
      throw new LinkProtocolException("stream " + id + " overran its flow-control window");
    }
    receiveAllowance -= data.remaining();
    if (resetReason != null) {
      return;
    }
    if (receiver != null) {
      receiver.onData(data);
    } else {
      unreceived.add(data);
    }
  }

  private void onEnd() throws LinkProtocolException {
    synchronized (this) {
      if (remoteEnded) {
        throw new LinkProtocolException("second END on stream " + id);
      }
      remoteEnded = true;
      if (receiver != null && resetReason == null) {
        receiver.onEnd();
      }
    }
    // Ending a stream without answering its head is the peer's bug; don't leave the opener waiting.
    reply.completeExceptionally(new LinkClosedException("stream " + id + " ended without a reply"));
    removeWhenDone();
  }

  private void onWindow(int increment) throws LinkProtocolException {
    synchronized (this) {
      sendCredit += increment;
      if (sendCredit > Integer.MAX_VALUE) {
        throw new LinkProtocolException("window overflow on stream " + id);
      }
    }
    pump();
  }

  /** Ends the stream locally; returns false if it had already been reset. */
  boolean markReset(String reason) {
    List<CompletableFuture<Void>> failed = new ArrayList<>();
    synchronized (this) {
      if (resetReason != null) {
        return false;
      }
      resetReason = reason;
      pendingWrites.forEach(write -> failed.add(write.done));
      pendingWrites.clear();
      unreceived.clear();
      if (receiver != null) {
        receiver.onReset(reason);
      }
    }
    LinkClosedException cause = new LinkClosedException(reason);
    failed.forEach(done -> done.completeExceptionally(cause));
    reply.completeExceptionally(cause);
    link.forget(this);
    return true;
  }

  /** Moves pending bytes into the link's queue within the credit, then END once all are out. */
  private void pump() {
    List<CompletableFuture<Void>> written = new ArrayList<>();
    boolean sentEnd = false;
    synchronized (this) {
      while (!pendingWrites.isEmpty() && sendCredit > 0 && resetReason == null) {
        PendingWrite write = pendingWrites.peek();
        int size = (int) Math.min(write.data.remaining(), Math.min(sendCredit, Frame.MAX_DATA));
        ByteBuffer chunk = write.data.slice(write.data.position(), size);
        write.data.position(write.data.position() + size);
        sendCredit -= size;
        link.outbound().sendInOrder(new Frame(FrameType.DATA, id, chunk));
        if (!write.data.hasRemaining()) {
          pendingWrites.poll();
          written.add(write.done);
        }
      }
      if (endRequested && !endSent && pendingWrites.isEmpty() && resetReason == null) {
        endSent = true;
        sentEnd = true;
        link.outbound().sendInOrder(new Frame(FrameType.END, id, ByteBuffer.allocate(0)));
      }
    }
    written.forEach(done -> done.complete(null));
    if (sentEnd) {
      removeWhenDone();
    }
  }

  private void removeWhenDone() {
    synchronized (this) {
      if (!(endSent && remoteEnded)) {
        return;
      }
    }
    link.forget(this);
  }
}
