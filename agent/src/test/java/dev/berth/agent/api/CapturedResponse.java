package dev.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An in-memory {@link DockerResponse} that keeps the status, headers and body for assertions. */
public final class CapturedResponse implements DockerResponse {

  /** The status sent. */
  public int status;
  /** The headers sent. */
  public final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  /** The body sent. */
  public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  /** Whether the body was closed. */
  public boolean ended;

  @Override
  public void head(int status, Map<String, List<String>> headers) {
    this.status = status;
    this.headers.putAll(headers);
  }

  @Override
  public OutputStream body() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
      }

      @Override
      public void close() {
        ended = true;
      }
    };
  }

  /** The first value of header {@code name}. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  /** The body as UTF-8. */
  public String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The body as JSON. */
  public JsonNode json() throws IOException {
    return new ObjectMapper().readTree(bytes.toByteArray());
  }
}
