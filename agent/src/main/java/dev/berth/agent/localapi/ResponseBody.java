package dev.berth.agent.localapi;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The framing of an answer's body on the connection: exactly Content-Length bytes, chunks
 * (one per {@link #flush()}, so a streamed answer reaches the client as it is written), raw
 * bytes after a 101 hijack, or nothing. Closing ends the body, never the connection.
 */
abstract class ResponseBody extends OutputStream {
  final SocketOutput out;
  private boolean closed;

  ResponseBody(SocketOutput out) {
    this.out = out;
  }

  /** Whether the body was closed with every byte its framing promised. */
  abstract boolean complete();

  /** Ends the body (once) and sends what is buffered. */
  @Override
  public final void close() throws IOException {
    if (!closed) {
      closed = true;
      end();
    }
    out.flush();
  }

  /** Whether {@link #close()} was called. */
  boolean closed() {
    return closed;
  }

  /** Writes whatever ends this framing. */
  void end() throws IOException {}

  @Override
  public final void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("the answer's body is closed");
    }
  }

  /** No body: HEAD answers, 204 and 304. Bytes written are dropped. */
  static final class Empty extends ResponseBody {
    Empty(SocketOutput out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {}

    @Override
    boolean complete() {
      return closed();
    }
  }

  /** Exactly {@code length} bytes, buffered until flushed. */
  static final class Sized extends ResponseBody {
    private long left;

    Sized(SocketOutput out, long length) {
      super(out);
      this.left = length;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      if (length > left) {
        throw new IOException("the answer's body is longer than its Content-Length");
      }
      out.write(bytes, offset, length);
      left -= length;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    boolean complete() {
      return closed() && left == 0;
    }
  }

  /** Chunked transfer coding: bytes gather until a flush (or a full buffer) makes a chunk. */
  static final class Chunked extends ResponseBody {
    private final byte[] buffer;
    private int count;

    Chunked(SocketOutput out, int size) {
      super(out);
      this.buffer = new byte[size];
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      if (length > buffer.length - count) {
        chunk();
        if (length >= buffer.length) {
          chunk(bytes, offset, length);
          return;
        }
      }
      System.arraycopy(bytes, offset, buffer, count, length);
      count += length;
    }

    @Override
    public void flush() throws IOException {
      if (!closed()) {
        chunk();
      }
      out.flush();
    }

    @Override
    void end() throws IOException {
      chunk();
      out.writeAscii("0\r\n\r\n");
    }

    private void chunk() throws IOException {
      chunk(buffer, 0, count);
      count = 0;
    }

    private void chunk(byte[] bytes, int offset, int length) throws IOException {
      if (length > 0) {
        out.writeAscii(Integer.toHexString(length) + "\r\n");
        out.write(bytes, offset, length);
        out.writeAscii("\r\n");
      }
    }

    @Override
    boolean complete() {
      return closed();
    }
  }

  /** After a 101: the socket itself; every write goes out at once. Closing shuts the write side. */
  static final class Raw extends ResponseBody {
    private final Closeable shutdownOutput;

    Raw(SocketOutput out, Closeable shutdownOutput) {
      super(out);
      this.shutdownOutput = shutdownOutput;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      checkOpen();
      out.write(bytes, offset, length);
      out.flush();
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    void end() throws IOException {
      out.flush();
      shutdownOutput.close();
    }

    @Override
    boolean complete() {
      return false; // the connection ends with a hijacked stream
    }
  }
}
