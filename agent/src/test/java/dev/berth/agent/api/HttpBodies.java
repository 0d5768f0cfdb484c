package dev.berth.agent.api;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** HTTP/1.1 message bodies for {@link HttpDockerServer}: fixed-length and chunked, both ways, and the 101 hijack. */
final class HttpBodies {
  private HttpBodies() {}

  /** The request body {@code headers} announce: chunked, Content-Length bytes, or none. */
  static InputStream requestBody(InputStream in, Map<String, List<String>> headers) {
    if (headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      return new ChunkedInput(in);
    }
    long length = Long.parseLong(headers.getOrDefault("Content-Length", List.of("0")).get(0));
    return new java.io.BufferedInputStream(new BoundedInput(in, length));
  }

  /** Reads a chunked body up to its last chunk (trailers skipped). */
  private static final class ChunkedInput extends InputStream {
    private final InputStream in;
    private long left;
    private boolean ended;

    ChunkedInput(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      if (left == 0) {
        String size = HttpDockerServer.line(in);
        left = Long.parseLong(size.split(";")[0].trim(), 16);
        if (left == 0) {
          while (!HttpDockerServer.line(in).isEmpty()) { /* trailers */ }
          ended = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0 && (left -= n) == 0) {
        HttpDockerServer.line(in); // the CRLF after the chunk
      }
      return n;
    }
  }

  /** At most {@code length} bytes of a stream. */
  private static final class BoundedInput extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInput(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** One answer on a connection: head, then a fixed, chunked, or (after 101) raw body. */
  static final class Response implements DockerResponse {
    private final OutputStream socket;
    private final boolean headRequest;
    private OutputStream body;
    private boolean upgraded;

    Response(OutputStream socket, boolean headRequest) {
      this.socket = socket;
      this.headRequest = headRequest;
    }

    /** The request body: {@code body}, then (after a 101) whatever else the client sends. */
    InputStream upgradable(InputStream body, InputStream connection) {
      return new SequenceInputStream(body, new InputStream() {
        @Override
        public int read() throws IOException {
          return upgraded ? connection.read() : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return upgraded ? connection.read(b, off, len) : -1;
        }
      });
    }

    @Override
    public void head(int status, Map<String, List<String>> headers) throws IOException {
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status == 101 ? " UPGRADED" : " OK")
          .append("\r\n");
      boolean fixed = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Content-Length"));
      boolean noBody = headRequest || status == 204 || status == 304;
      upgraded = status == 101;
      headers.forEach((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n")));
      if (!fixed && !noBody && !upgraded) {
        head.append("Transfer-Encoding: chunked\r\n");
      }
      socket.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      socket.flush();
      body = upgraded || fixed ? new Unclosed(socket) : noBody ? OutputStream.nullOutputStream() : new ChunkedOutput(socket);
    }

    @Override
    public OutputStream body() {
      return body;
    }

    /** Whether the connection was hijacked. */
    boolean upgraded() {
      return upgraded;
    }

    /** Ends the body if the endpoint did not. */
    void finish() throws IOException {
      if (body != null) {
        body.close();
      }
      socket.flush();
    }
  }

  /** Writes through to the socket; closing only flushes (the connection lives on). */
  private static class Unclosed extends FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }

  /** Chunked transfer coding: one chunk per write, the last chunk on close. */
  private static final class ChunkedOutput extends Unclosed {
    private boolean closed;

    ChunkedOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(b, off, len);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.flush();
    }
  }
}
