package dev.berth.control.registry;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.streams.WriteStream;

/**
 * Appends a request body to an upload's file and feeds the upload's running hash on the way, so
 * committing a blob need not read it again. Backpressure is the file's.
 */
final class HashingWriteStream implements WriteStream<Buffer> {
  private final AsyncFile file;
  private final BlobStore.RunningHash hash;
  private long written;

  /** Writes to {@code file}, hashing into {@code hash} (null: no running hash, after a restart). */
  HashingWriteStream(AsyncFile file, BlobStore.RunningHash hash) {
    this.file = file;
    this.hash = hash;
  }

  /** Bytes written so far. */
  long written() {
    return written;
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    file.exceptionHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    written += data.length();
    if (hash != null) {
      hash.update(data.getByteBuf().nioBuffer());
    }
    return file.write(data);
  }

  @Override
  public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
    write(data).onComplete(handler);
  }

  @Override
  public Future<Void> end() {
    return file.close();
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
