package dev.berth.link;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;

/**
 * A blocking {@link OutputStream} onto a stream, for code that runs on its own thread: each write
 * returns once its bytes are within the peer's credit; {@link #close()} sends END.
 */
public final class StreamOutput extends OutputStream {
  private final LinkStream stream;

  /** Writes to the given stream. */
  public StreamOutput(LinkStream stream) {
    this.stream = stream;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] source, int offset, int length) throws IOException {
    try {
      // The future completes once the bytes are copied into frames, so the caller may reuse source.
      stream.write(ByteBuffer.wrap(source, offset, length)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing stream " + stream.id());
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  @Override
  public void close() {
    stream.end();
  }
}
