package dev.berth.control.registry;

import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * Sends a range of a blob by copying it through two direct buffers of the download's own, each
 * refilled as soon as the socket has taken what it held, on the event loop (as Netty's own chunked
 * file writer reads). {@link BlobEndpoints} sends this way where zero copy does not pay:
 * <ul>
 *   <li>over TLS, which copies anyway: Vert.x would read the file 8 KiB at a time, into a new
 *       buffer each time;</li>
 *   <li>to a client on this machine (a TLS-terminating proxy, the local agent, a client of
 *       {@code 127.0.0.1}): what {@code sendfile} queues are page-cache pages, and on loopback the
 *       receiver pays for taking them apart; skopeo pulling 300 MB spent about 0.1 s more of its own
 *       system time receiving from a {@code sendfile} server than from one that writes copies.</li>
 * </ul>
 * The buffers come from {@link DirectBuffers} and go back there, so a download allocates nothing:
 * Netty's pool would hand out a fresh, zeroed allocation for every chunk this size (Quarkus sizes
 * the pool's chunks at 64 KiB).
 */
final class BlobCopy {
  static final int CHUNK = 256 << 10;
  private static final DirectBuffers BUFFERS = new DirectBuffers(CHUNK, 64);

  private final HttpServerResponse response;
  private final FileChannel channel;
  private final long end;
  private final Promise<Void> done = Promise.promise();
  private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>(2);
  private long position;
  private boolean ended;

  private BlobCopy(HttpServerResponse response, FileChannel channel, long offset, long length) {
    this.response = response;
    this.channel = channel;
    this.position = offset;
    this.end = offset + length;
  }

  /**
   * Sends {@code length} bytes of {@code file} from {@code offset} as the response's body, and
   * ends it. Call it on the response's event loop.
   */
  static Future<Void> send(HttpServerResponse response, Path file, long offset, long length) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    response.putHeader("Content-Length", Long.toString(length));
    BlobCopy copy = new BlobCopy(response, channel, offset, length);
    copy.idle.add(BUFFERS.take());
    copy.idle.add(BUFFERS.take());
    response.closeHandler(closed -> copy.finish(new IOException("the client closed the connection")));
    response.drainHandler(drained -> copy.pump());
    copy.pump();
    return copy.done.future();
  }

  /** Fills and writes idle buffers while the response takes more; ends the response after the last byte. */
  private void pump() {
    while (!ended && !idle.isEmpty() && !response.writeQueueFull()) {
      if (position >= end) {
        ended = true; // after the writes before it, in order
        response.end().onComplete(result -> finish(result.cause()));
        return;
      }
      ByteBuffer buffer = idle.poll();
      try {
        fill(buffer);
      } catch (IOException | RuntimeException e) {
        idle.add(buffer);
        finish(e);
        return;
      }
      response.write(Buffer.buffer(Unpooled.wrappedBuffer(buffer))).onComplete(written -> {
        // The socket has taken it all (or the download failed): the buffer may be filled again.
        if (done.future().isComplete()) {
          BUFFERS.give(buffer);
        } else {
          idle.add(buffer);
          if (written.failed()) {
            finish(written.cause());
          } else {
            pump();
          }
        }
      });
    }
  }

  private void fill(ByteBuffer buffer) throws IOException {
    buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("blob ended before its size was sent");
      }
    }
    position += buffer.flip().remaining();
  }

  /** Ends the download once; its idle buffers go back to the pool (those being written, when written). */
  private void finish(Throwable failure) {
    if (!(failure == null ? done.tryComplete() : done.tryFail(failure))) {
      return;
    }
    ended = true;
    if (failure != null) {
      response.reset(); // the headers may be out: closing is how a download stops short
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // read-only: nothing was lost
    }
    while (!idle.isEmpty()) {
      BUFFERS.give(idle.poll());
    }
  }
}
