package dev.berth.link;

import dev.berth.util.Log;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.LinkJson;
import dev.berth.link.message.Ping;
import dev.berth.link.message.Pong;
import dev.berth.link.message.RequestHead;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent link, seen from either end: control messages (JSON text messages), multiplexed
 * streams (binary frames, see {@link Frame}) and heartbeats over one {@link LinkTransport}.
 * The transport adapter feeds received messages to {@link #onText} and {@link #onBinary} and
 * reports the socket closing to {@link #onClosed}. A protocol violation closes the link with the
 * violation as the reason; nothing of the offending message is applied.
 */
public final class Link {
  /** Which end of the link this is; it decides the parity of the stream ids it opens. */
  public enum Side { CONTROL_PLANE, AGENT }

  /** Receives control messages other than heartbeats, on the receiving thread. */
  public interface ControlHandler {
    /** A control message arrived. */
    void onMessage(ControlMessage message);
  }

  /** Takes streams the peer opened; must hand the work to another thread. */
  public interface StreamAcceptor {
    /** The peer opened a stream; its {@link LinkStream#head()} says what for. */
    void accept(LinkStream stream);
  }

  /** Most streams one side may have open at once. */
  public static final int MAX_STREAMS = 1024;
  private static final System.Logger LOG = Log.of(Link.class);

  private final Side side;
  private final LinkTransport transport;
  private final OutboundQueue outbound;
  private final ControlHandler controlHandler;
  private final StreamAcceptor acceptor;
  private final Map<Integer, LinkStream> streams = new ConcurrentHashMap<>();
  private final AtomicInteger nextStreamId;
  private final AtomicLong lastReceivedNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong lastRoundTripNanos = new AtomicLong(-1);
  private final AtomicLong pingIds = new AtomicLong();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private volatile ScheduledFuture<?> heartbeat;

  /** A link over an open transport. */
  public Link(Side side, LinkTransport transport, ControlHandler controlHandler, StreamAcceptor acceptor) {
    this.side = side;
    this.transport = transport;
    this.outbound = new OutboundQueue(transport);
    this.controlHandler = controlHandler;
    this.acceptor = acceptor;
    this.nextStreamId = new AtomicInteger(side == Side.CONTROL_PLANE ? 1 : 2);
  }

  /** Sends a ping every {@code interval} and closes the link when nothing arrived for {@code timeout}. */
  public void startHeartbeat(ScheduledExecutorService timer, Duration interval, Duration timeout) {
    heartbeat = timer.scheduleAtFixedRate(() -> {
      if (System.nanoTime() - lastReceivedNanos.get() > timeout.toNanos()) {
        close("no heartbeat from the peer for " + timeout.toSeconds() + " s");
      } else {
        send(new Ping(pingIds.incrementAndGet(), System.nanoTime()));
      }
    }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends a control message ahead of any stream data. */
  public CompletableFuture<Void> send(ControlMessage message) {
    return outbound.sendText(LinkJson.write(message));
  }

  /** Opens a stream to the peer. */
  public LinkStream open(RequestHead head) throws LinkClosedException {
    if (closing.get()) {
      throw new LinkClosedException("link closed");
    }
    if (streams.size() >= MAX_STREAMS) {
      throw new LinkClosedException("too many open streams on the link");
    }
    LinkStream stream = new LinkStream(nextStreamId.getAndAdd(2), head, this);
    streams.put(stream.id(), stream);
    if (closing.get()) { // closed while we opened: onClosed may have missed this stream
      stream.markReset("link closed");
    }
    outbound.sendUrgent(Frame.text(FrameType.OPEN, stream.id(), LinkJson.write(head)));
    return stream;
  }

  /** A text message arrived from the transport. */
  public void onText(String text) {
    lastReceivedNanos.set(System.nanoTime());
    try {
      ControlMessage message = LinkJson.read(text, ControlMessage.class);
      if (message instanceof Ping ping) {
        send(new Pong(ping.id(), ping.sentAtNanos()));
      } else if (message instanceof Pong pong) {
        lastRoundTripNanos.set(System.nanoTime() - pong.sentAtNanos());
      } else {
        controlHandler.onMessage(message);
      }
    } catch (LinkProtocolException e) {
      violation(e);
    }
  }

  /** A binary message arrived from the transport; the link keeps the buffer. */
  public void onBinary(ByteBuffer message) {
    lastReceivedNanos.set(System.nanoTime());
    try {
      Frame frame = Frame.decode(message);
      if (frame.type() == FrameType.OPEN) {
        accept(frame);
        return;
      }
      LinkStream stream = streams.get(frame.streamId());
      if (stream != null) {
        stream.onFrame(frame);
      }
      // Frames for a stream that is gone raced with its reset: drop them.
    } catch (LinkProtocolException e) {
      violation(e);
    }
  }

  /** The transport closed (or failed): every stream is reset. */
  public void onClosed(String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    outbound.close();
    streams.values().forEach(stream -> stream.markReset("link closed: " + reason));
    streams.clear();
    closed.complete(reason); // last: whoever waits for the close sees every stream already reset
  }

  /** Closes the link and its transport. */
  public void close(String reason) {
    transport.close(reason);
    onClosed(reason);
  }

  /** Completes with the reason once the link is closed. */
  public CompletableFuture<String> closed() {
    return closed;
  }

  /** The last measured heartbeat round trip, if any. */
  public Duration lastRoundTrip() {
    long nanos = lastRoundTripNanos.get();
    return nanos < 0 ? null : Duration.ofNanos(nanos);
  }

  /** How many streams are open now. */
  public int openStreams() {
    return streams.size();
  }

  OutboundQueue outbound() {
    return outbound;
  }

  void forget(LinkStream stream) {
    streams.remove(stream.id(), stream);
  }

  private void accept(Frame frame) throws LinkProtocolException {
    boolean peerParity = (frame.streamId() % 2 == 1) == (side == Side.AGENT);
    if (!peerParity || streams.containsKey(frame.streamId())) {
      throw new LinkProtocolException("OPEN with invalid or reused stream id " + frame.streamId());
    }
    RequestHead head = LinkJson.read(frame.payloadText(), RequestHead.class);
    LinkStream stream = new LinkStream(frame.streamId(), head, this);
    if (streams.size() >= MAX_STREAMS) {
      outbound.sendUrgent(Frame.text(FrameType.RESET, frame.streamId(), "too many open streams"));
      return;
    }
    streams.put(stream.id(), stream);
    acceptor.accept(stream);
  }

  private void violation(LinkProtocolException e) {
    LOG.log(Level.WARNING, "closing link: protocol violation: " + e.getMessage());
    close("protocol violation: " + e.getMessage());
  }
}
