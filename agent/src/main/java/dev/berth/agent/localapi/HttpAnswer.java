package dev.berth.agent.localapi;

import dev.berth.agent.api.DockerResponse;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One answer on a connection, as the router writes it. The head waits in the connection's buffer
 * for the body's first flush, so a small answer leaves in one write; a {@code 101} leaves at
 * once and hijacks the connection. The head decides the body's framing: Content-Length when the
 * endpoint gave one, chunked when it did not (HTTP/1.1), none for HEAD, 1xx, 204 and 304.
 */
final class HttpAnswer implements DockerResponse {
  /** Bytes a chunk gathers before it is sent without a flush. */
  private static final int CHUNK_BUFFER = 8192;
  private static final Map<Integer, String> REASONS = Map.ofEntries(
      Map.entry(100, "Continue"), Map.entry(101, "UPGRADED"), Map.entry(200, "OK"), Map.entry(201, "Created"),
      Map.entry(204, "No Content"), Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
      Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
      Map.entry(409, "Conflict"), Map.entry(412, "Precondition Failed"), Map.entry(431, "Request Header Fields Too Large"),
      Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(503, "Service Unavailable"),
      Map.entry(505, "HTTP Version Not Supported"));

  private final SocketOutput out;
  private final boolean headRequest;
  private final boolean http11;
  private final boolean keepAlive;
  private final Closeable shutdownOutput;
  private volatile ResponseBody body;
  private volatile boolean upgraded;
  private boolean close;

  /** The answer to {@code request}; {@code shutdownOutput} ends the write side after a hijack. */
  HttpAnswer(SocketOutput out, RequestHead request, Closeable shutdownOutput) {
    this(out, request.isHead(), request.http11(), request.keepAlive(), shutdownOutput);
  }

  private HttpAnswer(SocketOutput out, boolean headRequest, boolean http11, boolean keepAlive,
      Closeable shutdownOutput) {
    this.out = out;
    this.headRequest = headRequest;
    this.http11 = http11;
    this.keepAlive = keepAlive;
    this.shutdownOutput = shutdownOutput;
  }

  /** An answer that closes the connection after it, for a request that could not be read. */
  static HttpAnswer closing(SocketOutput out) {
    return new HttpAnswer(out, false, true, false, () -> { });
  }

  @Override
  public void head(int status, Map<String, List<String>> headers) throws IOException {
    if (body != null) {
      throw new IllegalStateException("the answer's head was sent already");
    }
    Long length = contentLength(headers);
    boolean hijack = status == 101;
    boolean bodiless = headRequest || status < 200 && !hijack || status == 204 || status == 304;
    boolean chunked = !hijack && !bodiless && length == null && http11;
    close = !keepAlive || !hijack && !bodiless && length == null && !http11;
    out.writeAscii("HTTP/1.1 " + status + " " + REASONS.getOrDefault(status, "Status") + "\r\n");
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      boolean framing = name.equalsIgnoreCase("Transfer-Encoding") || !hijack && name.equalsIgnoreCase("Connection")
          || name.equalsIgnoreCase("Content-Length") && (status < 200 || status == 204);
      if (!framing) {
        for (String value : header.getValue()) {
          out.writeAscii(name + ": " + value.replace('\r', ' ').replace('\n', ' ') + "\r\n");
        }
      }
    }
    if (chunked) {
      out.writeAscii("Transfer-Encoding: chunked\r\n");
    }
    if (close && !hijack) {
      out.writeAscii("Connection: close\r\n");
    } else if (!close && !http11) {
      out.writeAscii("Connection: keep-alive\r\n"); // an HTTP/1.0 client assumes close otherwise
    }
    out.writeAscii("\r\n");
    if (hijack) {
      upgraded = true;
      out.flush();
      body = new ResponseBody.Raw(out, shutdownOutput);
    } else if (bodiless) {
      body = new ResponseBody.Empty(out);
    } else if (chunked) {
      body = new ResponseBody.Chunked(out, CHUNK_BUFFER);
    } else {
      // Without a length on HTTP/1.0 the body ends with the connection: an endless sized body.
      body = new ResponseBody.Sized(out, length == null ? Long.MAX_VALUE : length);
    }
  }

  @Override
  public OutputStream body() {
    if (body == null) {
      throw new IllegalStateException("send the head before the body");
    }
    return body;
  }

  /** Sends {@code 100 Continue}, which a client that sent {@code Expect: 100-continue} waits for. */
  void sendContinue() throws IOException {
    if (body == null && http11) {
      out.writeAscii("HTTP/1.1 100 Continue\r\n\r\n");
      out.flush();
    }
  }

  /** Whether the head went out. */
  boolean committed() {
    return body != null;
  }

  /** Whether the endpoint answered 101: the connection is a raw stream both ways now. */
  boolean upgraded() {
    return upgraded;
  }

  /**
   * Ends the answer if the endpoint did not; returns whether the connection can carry another
   * request (the client wants it, the body was whole, the connection was not hijacked).
   */
  boolean finish() throws IOException {
    if (body == null) {
      throw new IllegalStateException("the endpoint sent no answer");
    }
    if (!body.closed()) {
      body.close();
    }
    out.flush();
    return !close && body.complete();
  }

  private static Long contentLength(Map<String, List<String>> headers) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase("Content-Length") && !header.getValue().isEmpty()) {
        return Long.parseLong(header.getValue().get(0).strip());
      }
    }
    return null;
  }
}
