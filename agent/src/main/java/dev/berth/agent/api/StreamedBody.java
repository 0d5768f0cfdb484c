package dev.berth.agent.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The body of a streamed answer (no Content-Length) whose head goes out with its first byte, as
 * dockerd's write-flusher does: until then an endpoint can still fail with a plain error answer
 * ({@link #started()} is false); after, errors must travel inside the stream. Every write is
 * flushed, so the client sees progress as it happens.
 */
public final class StreamedBody extends OutputStream {
  private final DockerResponse response;
  private final int status;
  private final Map<String, List<String>> headers;
  private OutputStream body;

  /** A body for {@code response} that starts with {@code status} and a Content-Type of {@code contentType}. */
  public StreamedBody(DockerResponse response, int status, String contentType) {
    this.response = response;
    this.status = status;
    this.headers = Map.of("Content-Type", List.of(contentType));
  }

  /** Whether the head (and maybe some bytes) went out already. */
  public boolean started() {
    return body != null;
  }

  private OutputStream start() throws IOException {
    if (body == null) {
      response.head(status, headers);
      body = response.body();
    }
    return body;
  }

  @Override
  public void write(int b) throws IOException {
    start().write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length > 0) {
      start().write(bytes, offset, length);
    }
  }

  @Override
  public void flush() throws IOException {
    if (body != null) {
      body.flush();
    }
  }

  /** Ends the answer, sending the head first if nothing was written. */
  @Override
  public void close() throws IOException {
    start().close();
  }
}
