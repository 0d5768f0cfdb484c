package dev.berth.agent.localapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Supplier;

/**
 * The read side of a connection, buffered: heads are read line by line, bodies (and, after a
 * hijack, the raw stream) through {@link #read(byte[], int, int)}. Reads the channel directly,
 * not through {@code Channels.newInputStream}, whose reads hold a lock that writes on the same
 * socket also take (Java 17): a hijacked stream reads and writes at once.
 */
final class SocketInput extends InputStream {
  private final ReadableByteChannel channel;
  private final ByteBuffer buffer;
  private final StringBuilder line = new StringBuilder();

  /** Reads {@code channel} through a buffer of {@code size} bytes. */
  SocketInput(ReadableByteChannel channel, int size) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocate(size).flip();
  }

  /**
   * One line without its CR LF (a bare LF ends a line too), or null when the stream ends before
   * its first byte. A line longer than {@code limit} bytes is refused with {@code tooLong}.
   */
  String readLine(int limit, Supplier<HttpProtocolException> tooLong) throws IOException {
    line.setLength(0);
    while (true) {
      if (!buffer.hasRemaining() && !fill()) {
        if (line.length() == 0) {
          return null;
        }
        throw new EOFException("the connection ended inside a line");
      }
      while (buffer.hasRemaining()) {
        char c = (char) (buffer.get() & 0xff);
        if (c == '\n') {
          int end = line.length();
          return line.substring(0, end > 0 && line.charAt(end - 1) == '\r' ? end - 1 : end);
        }
        if (line.length() >= limit) {
          throw tooLong.get();
        }
        line.append(c);
      }
    }
  }

  @Override
  public int read() throws IOException {
    if (!buffer.hasRemaining() && !fill()) {
      return -1;
    }
    return buffer.get() & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!buffer.hasRemaining()) {
      if (length >= buffer.capacity()) {
        return channel.read(ByteBuffer.wrap(bytes, offset, length)); // large reads skip the copy
      }
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(bytes, offset, n);
    return n;
  }

  @Override
  public int available() {
    return buffer.remaining();
  }

  private boolean fill() throws IOException {
    buffer.clear();
    int n = channel.read(buffer);
    buffer.flip();
    return n > 0;
  }
}
