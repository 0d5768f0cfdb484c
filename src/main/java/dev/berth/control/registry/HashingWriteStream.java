package dev.berth.control.registry;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;
import java.util.function.Supplier;

/**
 * Appends a request body to an upload's file and feeds the upload's running hash on the way, so
 * committing a blob need not read it again. The network delivers the body in small chunks; they
 * are gathered into direct buffers of {@link #BATCH} bytes before each file write, so the disk
 * sees a few large writes (no copy into a temporary direct buffer, few hand-offs to the file's
 * threads) instead of thousands of small ones. Backpressure is the file's. It also keeps the
 * disk writing while the rest arrives: whenever at least {@link #FLUSH_EVERY} bytes reached the
 * file since the last writeback started and none is running, it starts the next one (an fdatasync
 * off the event loop, waited for by nothing), and at the end one for the tail, so the fsync of the
 * commit, which the client asks for next, finds little or nothing left to write.
 */
final class HashingWriteStream implements WriteStream<Buffer> {
  private static final int BATCH = 1 << 20;
  private static final long FLUSH_EVERY = 4 << 20;
  private final AsyncFile file;
  private final BlobStore.RunningHash hash;
  private final Supplier<Future<?>> writeBack;
  private ByteBuf pending;
  private long written;
  private long inFile;
  private long flushedAt;
  private Future<?> flushing;
  private boolean ended;

  /**
   * Writes to {@code file}, hashing into {@code hash} (null: no running hash, after a restart);
   * {@code writeBack} writes out what reached the file (an fdatasync of it, off the event loop).
   */
  HashingWriteStream(AsyncFile file, BlobStore.RunningHash hash, Supplier<Future<?>> writeBack) {
    this.file = file;
    this.hash = hash;
    this.writeBack = writeBack;
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

  /** How many bytes were written to this stream. */
  long written() {
    return written;
  }

  private Future<Void> writePending() {
    ByteBuf batch = pending;
    int size = batch.readableBytes();
    pending = null;
    return file.write(Buffer.buffer(batch)).onComplete(result -> {
      batch.release();
      if (result.succeeded()) {
        inFile += size;
        writeBack();
      }
    });
  }

  /** Starts the next writeback if enough reached the file (at the end: anything) and none is running. */
  private void writeBack() {
    if (flushing == null && inFile - flushedAt >= (ended ? 1 : FLUSH_EVERY)) {
      flushedAt = inFile;
      flushing = writeBack.get().onComplete(result -> {
        flushing = null;
        writeBack();
      });
    }
  }

  @Override
  public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
    write(data).onComplete(handler);
  }

  @Override
  public Future<Void> end() {
    ended = true;
    Future<Void> last;
    if (pending == null) {
      last = Future.succeededFuture();
      writeBack();
    } else {
      last = writePending(); // its completion starts the writeback of the tail
    }
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
