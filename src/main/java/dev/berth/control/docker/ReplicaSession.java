package dev.berth.control.docker;

import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hijacked session opened through the replica holding the host's link
 * ({@link ReplicaForwarder#hijack}): after that replica's {@code 101} the upgraded connection
 * carries the session's raw bytes. Output not yet acknowledged beyond one link window pauses the
 * socket (TCP then holds the other replica back, and its link the agent); the end of input is a
 * half-close once what was written has gone out.
 */
final class ReplicaSession implements HijackedSession {
  private final NetSocket socket;
  private final Channel channel;
  private final Context context;
  private final AtomicLong unacknowledged = new AtomicLong();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final Queue<CompletableFuture<Void>> waitingForRoom = new ArrayDeque<>(); // on the context only

  /** The session on {@code socket} (paused until {@link #receive}), whose connection is {@code channel}. */
  ReplicaSession(NetSocket socket, Channel channel, Context context) {
    this.socket = socket;
    this.channel = channel;
    this.context = context;
  }

  @Override
  public void receive(StreamReceiver receiver) {
    context.runOnContext(started -> {
      socket.handler(chunk -> {
        if (unacknowledged.addAndGet(chunk.length()) > LinkStream.INITIAL_WINDOW) {
          socket.pause();
        }
        receiver.onData(ByteBuffer.wrap(chunk.getBytes()));
      });
      socket.exceptionHandler(failure -> {
        if (finished.compareAndSet(false, true)) {
          receiver.onReset("the replica holding the host's link: " + failure.getMessage());
        }
      });
      socket.endHandler(ended -> {
        if (finished.compareAndSet(false, true)) {
          receiver.onEnd();
        }
      });
      socket.resume();
    });
  }

  @Override
  public CompletableFuture<Void> write(ByteBuffer data) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    // On its way once Vert.x's queue has room (the write's own future never completes here).
    CompletableFuture<Void> sent = new CompletableFuture<>();
    context.runOnContext(write -> {
      socket.write(Buffer.buffer(bytes));
      if (socket.writeQueueFull()) {
        waitingForRoom.add(sent);
        socket.drainHandler(drained -> {
          for (CompletableFuture<Void> waiting; (waiting = waitingForRoom.poll()) != null; ) {
            waiting.complete(null);
          }
        });
      } else {
        sent.complete(null);
      }
    });
    return sent;
  }

  @Override
  public void acknowledge(int bytes) {
    long left = unacknowledged.addAndGet(-bytes);
    if (left <= LinkStream.INITIAL_WINDOW && left + bytes > LinkStream.INITIAL_WINDOW) {
      context.runOnContext(more -> socket.resume());
    }
  }

  @Override
  public void end() {
    context.runOnContext(last -> ReplicaForwarder.endOutput(socket, channel));
  }

  @Override
  public void reset(String reason) {
    socket.close();
  }
}
