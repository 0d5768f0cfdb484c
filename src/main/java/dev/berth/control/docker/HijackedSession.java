package dev.berth.control.docker;

import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The raw bytes of a hijacked exec or attach session that the control plane itself opened (the
 * web terminal), both ways and under flow control: the session's output reaches the receiver,
 * which acknowledges each chunk once it has passed it on. Over the host's link when it is linked
 * here ({@link #of(LinkStream)}), through the replica holding the link otherwise
 * ({@link ReplicaSession}).
 */
public interface HijackedSession {
  /** Starts delivering the session's output to {@code receiver} (never blocks). */
  void receive(StreamReceiver receiver);

  /** Sends input; completes once it is on its way. */
  CompletableFuture<Void> write(ByteBuffer data);

  /** The receiver consumed {@code bytes} of output: more may come. */
  void acknowledge(int bytes);

  /** No more input (after what was written). */
  void end();

  /** Aborts the session. */
  void reset(String reason);

  /** The session on a link stream. */
  static HijackedSession of(LinkStream stream) {
    return new HijackedSession() {
      @Override
      public void receive(StreamReceiver receiver) {
        stream.receive(receiver);
      }

      @Override
      public CompletableFuture<Void> write(ByteBuffer data) {
        return stream.write(data);
      }

      @Override
      public void acknowledge(int bytes) {
        stream.acknowledge(bytes);
      }

      @Override
      public void end() {
        stream.end();
      }

      @Override
      public void reset(String reason) {
        stream.reset(reason);
      }
    };
  }
}
