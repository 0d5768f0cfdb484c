package dev.berth.agent.localapi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The write side of a connection, buffered so that a small answer (head and body) leaves in one
 * write; {@link #flush()} sends what is buffered. Writes the channel directly (see
 * {@link SocketInput} for why not through {@code Channels.newOutputStream}).
 */
final class SocketOutput extends OutputStream {
  private final WritableByteChannel channel;
  private final ByteBuffer buffer;

  /** Writes {@code channel} through a buffer of {@code size} bytes. */
  SocketOutput(WritableByteChannel channel, int size) {
    this.channel = channel;
    this.buffer = ByteBuffer.allocate(size);
  }

  /** Buffers {@code text}, a head line or chunk frame, as ISO-8859-1. */
  void writeAscii(String text) throws IOException {
    write(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void write(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      flushBuffer();
    }
    buffer.put((byte) b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length <= buffer.remaining()) {
      buffer.put(bytes, offset, length);
      return;
    }
    flushBuffer();
    if (length < buffer.capacity()) {
      buffer.put(bytes, offset, length);
    } else {
      writeFully(ByteBuffer.wrap(bytes, offset, length)); // large writes skip the copy
    }
  }

  @Override
  public void flush() throws IOException {
    flushBuffer();
  }

  private void flushBuffer() throws IOException {
    buffer.flip();
    try {
      writeFully(buffer);
    } finally {
      buffer.clear();
    }
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
