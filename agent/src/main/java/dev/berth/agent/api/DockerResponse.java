package dev.berth.agent.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Where a Docker API answer goes: first the head (status and headers), then the body stream.
 * Closing the body ends the response. Implemented by each transport.
 */
public interface DockerResponse {

  /** Sends the status line and headers; called once, before {@link #body()}. */
  void head(int status, Map<String, List<String>> headers) throws IOException;

  /** The body stream, available after {@link #head}; closing it ends the response. */
  OutputStream body() throws IOException;
}
