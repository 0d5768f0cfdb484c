package dev.berth.control.registry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends a range of a blob by copying it through pooled direct buffers (one read ahead, off the
 * event loop), for a lone client on the same machine ({@link BlobEndpoints} decides). {@code
 * sendfile} saves the server a copy, but on loopback the client pays for it: a registry client
 * (skopeo: 32 KiB reads, hashing and writing each layer as it comes) spent about 0.1 s more system
 * time receiving 300 MB from a {@code sendfile} server than from one that writes copies, and that
 * time is on its critical path. The zero-copy path stays for remote clients, where the network
 * card builds what the client reads, for TLS, which copies anyway, and for concurrent downloads.
 */
final class BlobCopy {
  private static final int CHUNK = 1 << 20;
  private final Vertx vertx;
  private final HttpServerResponse response;
  private final Path file;
  private final long end;
  private final Promise<Void> done = Promise.promise();
  private FileChannel channel; // opened by the first read, off the event loop
  private boolean closed;
  private Future<ByteBuf> waiting; // read ahead, not written while the response drains
  private long position;

  private BlobCopy(Vertx vertx, HttpServerResponse response, Path file, long offset, long length) {
    this.vertx = vertx;
    this.response = response;
    this.file = file;
    this.position = offset;
    this.end = offset + length;
  }

  /** Sends {@code length} bytes of {@code file} from {@code offset} as the response's body, and ends it. */
  static Future<Void> send(Vertx vertx, HttpServerResponse response, Path file, long offset, long length) {
    response.putHeader("Content-Length", Long.toString(length));
    BlobCopy copy = new BlobCopy(vertx, response, file, offset, length);
    response.closeHandler(closed -> copy.finish(new IOException("the client closed the connection")));
    copy.next(copy.read());
    return copy.done.future().onComplete(result -> copy.close());
  }

  /** Writes the chunk being read when it is there, reading the one after meanwhile. */
  private void next(Future<ByteBuf> reading) {
    reading.onSuccess(chunk -> {
      if (done.future().isComplete()) {
        chunk.release();
        return;
      }
      position += chunk.readableBytes();
      boolean last = position >= end;
      Future<ByteBuf> ahead = last ? null : read();
      response.write(Buffer.buffer(chunk)).onFailure(this::finish);
      if (last) {
        response.end().onComplete(ended -> finish(ended.cause()));
      } else if (response.writeQueueFull()) {
        waiting = ahead;
        response.drainHandler(drained -> {
          response.drainHandler(null); // a drain handler stays: this one is for this chunk only
          waiting = null;
          next(ahead);
        });
      } else {
        next(ahead);
      }
    }).onFailure(this::finish);
  }

  private Future<ByteBuf> read() {
    long from = position;
    int size = (int) Math.min(CHUNK, end - from);
    return vertx.executeBlocking(() -> {
      FileChannel channel = channel();
      ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(size);
      try {
        int read = 0;
        while (read < size) {
          int got = channel.read(chunk.nioBuffer(read, size - read), from + read);
          if (got < 0) {
            throw new IOException("blob ended before its size was sent");
          }
          read += got;
        }
        return chunk.writerIndex(size);
      } catch (IOException | RuntimeException e) {
        chunk.release();
        throw e;
      }
    }, false);
  }

  private void finish(Throwable failure) {
    if (failure == null) {
      done.tryComplete();
    } else if (done.tryFail(failure)) {
      response.reset(); // headers may be out: closing is how a download stops short
      if (waiting != null) {
        waiting.onSuccess(ByteBuf::release);
      }
    }
  }

  private synchronized FileChannel channel() throws IOException {
    if (closed) {
      throw new IOException("the download stopped");
    }
    if (channel == null) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return channel;
  }

  private synchronized void close() {
    closed = true;
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // read-only: nothing was lost
    }
  }
}
