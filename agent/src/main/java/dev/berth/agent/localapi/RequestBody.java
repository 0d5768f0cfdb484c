package dev.berth.agent.localapi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The body a request head announces (RFC 9112 6.3): chunked when Transfer-Encoding says so, else
 * Content-Length bytes, else none. Reads end at the body's end, never past it, so the next
 * request on the connection starts where this body stops.
 *
 * <pre>
 *   chunked:  1a;ext=x\r\n  &lt;0x1a bytes&gt;\r\n  ...  0\r\n  [trailer fields]\r\n
 * </pre>
 */
abstract class RequestBody extends InputStream {
  /** Longest chunk-size line (size and extensions). */
  private static final int MAX_CHUNK_LINE = 4096;
  /** Room for trailer fields after the last chunk. */
  private static final int MAX_TRAILERS = 64 * 1024;

  final SocketInput in;
  /** Bytes left of the body (sized) or of the current chunk (chunked). */
  long left;

  RequestBody(SocketInput in, long left) {
    this.in = in;
    this.left = left;
  }

  /** The body of the request {@code head} on {@code in}. */
  static RequestBody of(RequestHead head, SocketInput in) throws HttpProtocolException {
    List<String> codings = head.listHeader("Transfer-Encoding");
    boolean hasLength = head.headers().containsKey("Content-Length");
    if (!codings.isEmpty()) {
      if (hasLength) {
        throw new HttpProtocolException(400, "both Transfer-Encoding and Content-Length");
      }
      if (codings.size() != 1 || !codings.get(0).equalsIgnoreCase("chunked")) {
        throw new HttpProtocolException(501, "unsupported transfer encoding: " + String.join(", ", codings));
      }
      return new Chunked(in);
    }
    return new Sized(in, hasLength ? contentLength(head.listHeader("Content-Length")) : 0);
  }

  private static long contentLength(List<String> values) throws HttpProtocolException {
    if (values.isEmpty() || values.stream().distinct().count() != 1 || !values.get(0).matches("\\d{1,18}")) {
      throw new HttpProtocolException(400, "bad Content-Length " + values);
    }
    return Long.parseLong(values.get(0));
  }

  /** Whether the whole body was read. */
  abstract boolean ended();

  @Override
  public int available() {
    return (int) Math.min(left, in.available());
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
  }

  /** Reads and drops at most {@code limit} bytes of what is left; returns whether the body ended. */
  boolean skipRest(long limit) throws IOException {
    byte[] scratch = new byte[8192];
    for (long left = limit; left > 0 && !ended(); ) {
      int n = read(scratch, 0, (int) Math.min(scratch.length, left));
      if (n < 0) {
        break;
      }
      left -= n;
    }
    return ended();
  }

  /** A body of a known length, e.g. {@code Content-Length: 42}. */
  private static final class Sized extends RequestBody {
    Sized(SocketInput in, long length) {
      super(in, length);
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(bytes, offset, (int) Math.min(length, left));
      if (n < 0) {
        throw new EOFException("the connection ended inside a request body");
      }
      left -= n;
      return n;
    }

    @Override
    boolean ended() {
      return left == 0;
    }
  }

  /** A chunked body; extensions and trailer fields are read and dropped. */
  private static final class Chunked extends RequestBody {
    private boolean ended;

    Chunked(SocketInput in) {
      super(in, 0);
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      if (ended || length == 0) {
        return ended ? -1 : 0;
      }
      if (left == 0 && !nextChunk()) {
        return -1;
      }
      int n = in.read(bytes, offset, (int) Math.min(length, left));
      if (n < 0) {
        throw new EOFException("the connection ended inside a chunk");
      }
      left -= n;
      if (left == 0 && !line().isEmpty()) {
        throw new HttpProtocolException(400, "malformed chunked encoding: no CRLF after a chunk");
      }
      return n;
    }

    /** Reads the next chunk's size; false after the last chunk (and its trailers). */
    private boolean nextChunk() throws IOException {
      String sizeLine = line();
      int semicolon = sizeLine.indexOf(';');
      String size = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
      if (!size.matches("[0-9a-fA-F]{1,15}")) {
        throw new HttpProtocolException(400, "malformed chunked encoding: bad chunk size");
      }
      left = Long.parseLong(size, 16);
      if (left > 0) {
        return true;
      }
      int trailers = 0;
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        trailers += trailer.length();
        if (trailers > MAX_TRAILERS) {
          throw new HttpProtocolException(431, "request trailer fields too large");
        }
      }
      ended = true;
      return false;
    }

    private String line() throws IOException {
      String line = in.readLine(MAX_CHUNK_LINE,
          () -> new HttpProtocolException(400, "malformed chunked encoding: line too long"));
      if (line == null) {
        throw new EOFException("the connection ended inside a chunked body");
      }
      return line;
    }

    @Override
    boolean ended() {
      return ended;
    }
  }
}
