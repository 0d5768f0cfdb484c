package dev.berth.agent.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a source stream to its end on a thread of its own, handing chunks to the reader. For
 * layers the source is decompression plus DiffID hashing, so that work overlaps with writing files,
 * as {@code tar -xzf} overlaps its gzip process with tar; for a volume restore it reads, hashes and
 * decompresses the archive. The source is always read to its end
 * (unless closed early), so the hash covers the whole stream.
 */
public final class ReadAheadInputStream extends InputStream {
  private static final int CHUNKS_IN_FLIGHT = 4;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT);
  private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 1);
  private final Thread producer;
  private volatile boolean closed;
  private Chunk current;
  private int position;

  private record Chunk(byte[] bytes, int length, IOException failure) {}

  /** Starts reading {@code source} ahead in chunks of {@code chunkSize} on a thread named {@code threadName}. */
  public ReadAheadInputStream(InputStream source, int chunkSize, String threadName) {
    for (int i = 0; i < CHUNKS_IN_FLIGHT + 1; i++) {
      empty.add(new byte[chunkSize]);
    }
    producer = new Thread(() -> produce(source), threadName);
    producer.setDaemon(true);
    producer.start();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (current == null || position == current.length()) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(length, current.length() - position);
    System.arraycopy(current.bytes(), position, buffer, offset, n);
    position += n;
    return n;
  }

  /** Waits until the source has been read to its end, discarding what the reader did not take. */
  public void awaitEnd() throws IOException {
    while (nextChunk()) {
      position = current.length();
    }
  }

  /** Stops the producer; the source itself is not closed. */
  @Override
  public void close() {
    closed = true;
    producer.interrupt();
  }

  private boolean nextChunk() throws IOException {
    if (current != null && current.bytes() == END) {
      return false;
    }
    if (current != null) {
      empty.add(current.bytes());
    }
    try {
      current = full.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the layer");
    }
    position = 0;
    if (current.failure() != null) {
      IOException failure = current.failure();
      current = new Chunk(END, 0, null);
      throw new IOException(failure.getMessage(), failure);
    }
    return current.bytes() != END;
  }

  private void produce(InputStream source) {
    try {
      while (!closed) {
        byte[] bytes = empty.take();
        int length = source.readNBytes(bytes, 0, bytes.length);
        if (length == 0) {
          full.put(new Chunk(END, 0, null));
          return;
        }
        full.put(new Chunk(bytes, length, null));
      }
    } catch (IOException e) {
      offerFailure(e);
    } catch (RuntimeException e) {
      offerFailure(new IOException(e.toString(), e));
    } catch (InterruptedException e) {
      // closed by the reader
    }
  }

  private void offerFailure(IOException e) {
    try {
      full.put(new Chunk(END, 0, e));
    } catch (InterruptedException interrupted) {
      // closed by the reader
    }
  }
}
