package dev.berth.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A blocking {@link InputStream} over what the peer sends on a stream, for code that runs on its
 * own thread. Bytes are acknowledged as they are read, so the peer can never get more than one
 * window ahead of the reader.
 */
public final class StreamInput extends InputStream implements StreamReceiver {
  private final LinkStream stream;
  private final Queue<ByteBuffer> buffers = new ArrayDeque<>();
  private boolean ended;
  private String resetReason;

  /** Starts receiving the stream's bytes. */
  public StreamInput(LinkStream stream) {
    this.stream = stream;
    stream.receive(this);
  }

  @Override
  public synchronized void onData(ByteBuffer data) {
    buffers.add(data);
    notifyAll();
  }

  @Override
  public synchronized void onEnd() {
    ended = true;
    notifyAll();
  }

  @Override
  public synchronized void onReset(String reason) {
    resetReason = reason;
    notifyAll();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int count;
    synchronized (this) {
      ByteBuffer head = awaitData();
      if (head == null) {
        return -1;
      }
      count = Math.min(length, head.remaining());
      head.get(target, offset, count);
      if (!head.hasRemaining()) {
        buffers.poll();
      }
    }
    stream.acknowledge(count);
    return count;
  }

  @Override
  public synchronized int available() {
    ByteBuffer head = buffers.peek();
    return head == null ? 0 : head.remaining();
  }

  @Override
  public void close() {
    boolean unread;
    synchronized (this) {
      unread = !ended && resetReason == null;
      buffers.clear();
    }
    if (unread) {
      stream.reset("reader closed the stream");
    }
  }

  private ByteBuffer awaitData() throws IOException {
    while (buffers.isEmpty()) {
      if (resetReason != null) {
        throw new LinkClosedException(resetReason);
      }
      if (ended) {
        return null;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading stream " + stream.id());
      }
    }
    return buffers.peek();
  }
}
