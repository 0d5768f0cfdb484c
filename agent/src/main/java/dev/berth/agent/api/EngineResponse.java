package dev.berth.agent.api;

import dev.berth.agent.AgentVersion;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wraps a transport's response to add the headers every Docker Engine answer carries, to drop the
 * body of HEAD answers, and to remember whether the head went out (so errors after it are not
 * answered twice).
 */
final class EngineResponse implements DockerResponse {

  private final DockerResponse transport;
  private final boolean headRequest;
  private boolean committed;

  EngineResponse(DockerResponse transport, boolean headRequest) {
    this.transport = transport;
    this.headRequest = headRequest;
  }

  /** The headers Docker adds to every answer (Content-Type only when the endpoint set none). */
  static Map<String, List<String>> engineHeaders() {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.put("Api-Version", List.of(DockerApiVersion.CURRENT));
    headers.put("Docker-Experimental", List.of("false"));
    headers.put("Ostype", List.of("linux"));
    headers.put("Server", List.of("Berth/" + AgentVersion.current() + " (linux)"));
    headers.put("Content-Type", List.of("application/json"));
    return headers;
  }

  @Override
  public void head(int status, Map<String, List<String>> headers) throws IOException {
    if (committed) {
      throw new IllegalStateException("response head already sent");
    }
    Map<String, List<String>> all = engineHeaders();
    all.putAll(headers);
    committed = true;
    transport.head(status, all);
  }

  @Override
  public OutputStream body() throws IOException {
    if (!committed) {
      throw new IllegalStateException("send the head before the body");
    }
    OutputStream body = transport.body();
    return headRequest ? new DiscardingStream(body) : body;
  }

  boolean isCommitted() {
    return committed;
  }

  /** Swallows what a HEAD endpoint writes; closing still ends the real response. */
  private static final class DiscardingStream extends OutputStream {
    private final OutputStream target;

    DiscardingStream(OutputStream target) {
      this.target = target;
    }

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}

    @Override
    public void close() throws IOException {
      target.close();
    }
  }
}
