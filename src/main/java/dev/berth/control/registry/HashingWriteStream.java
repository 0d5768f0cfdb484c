package dev.berth.control.registry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;

/**
 * Appends a request body to an upload's file and feeds the upload's running hash on the way, so
 * committing a blob need not read it again. The network delivers the body in small chunks; they
 * are gathered into direct buffers of {@link #BATCH} bytes before each file write, so the disk
 * sees a few large writes (no copy into a temporary direct buffer, few hand-offs to the file's
 * threads) instead of thousands of small ones. Backpressure is the file's. Every
 * {@link #FLUSH_EVERY} bytes it also asks for the data so far to be written out, so the disk
 * works while the rest arrives and the fsync of the commit finds little left to do.
 */
final class HashingWriteStream implements WriteStream<Buffer> {
  private static final int BATCH = 1 << 20;
  private static final long FLUSH_EVERY = 16 << 20;
  private final AsyncFile file;
  private final BlobStore.RunningHash hash;
  private ByteBuf pending;
  private long written;
  private long flushedAt;

  /** Writes to {@code file}, hashing into {@code hash} (null: no running hash, after a restart). */
  HashingWriteStream(AsyncFile file, BlobStore.RunningHash hash) {
    this.file = file;
    this.hash = hash;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    ByteBuf bytes = data.getByteBuf();
    written += bytes.readableBytes();
    if (hash != null) {
      hash.update(bytes.nioBuffer());
    }
    if (pending == null) {
      pending = PooledByteBufAllocator.DEFAULT.directBuffer(BATCH);
    }
    pending.writeBytes(bytes);
    return pending.readableBytes() >= BATCH ? writePending() : Future.succeededFuture();
  }

  private Future<Void> writePending() {
    ByteBuf batch = pending;
    pending = null;
    Future<Void> done = file.write(Buffer.buffer(batch)).onComplete(result -> batch.release());
    if (written - flushedAt >= FLUSH_EVERY) {
      flushedAt = written;
      file.flush(); // early writeback, not waited for: the commit's fsync is what counts
    }
    return done;
  }

  @Override
  public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
    write(data).onComplete(handler);
  }

  @Override
  public Future<Void> end() {
    Future<Void> last = pending == null ? Future.succeededFuture() : writePending();
    return last.compose(done -> file.close(), failed -> file.close().transform(closed -> Future.failedFuture(failed)));
  }

  @Override
  public void end(Handler<AsyncResult<Void>> handler) {
    end().onComplete(handler);
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    file.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return file.writeQueueFull();
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    file.drainHandler(handler);
    return this;
  }
}
