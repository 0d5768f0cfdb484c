package dev.berth.agent.api;

import java.io.IOException;
import java.util.Map;

/** One operation of the Docker Engine API, e.g. {@code GET /info}. */
@FunctionalInterface
public interface DockerEndpoint {

  /**
   * Answers {@code request}; {@code pathVariables} holds the {@code {name}} parts of the route.
   * Throw {@link DockerApiException} for an error answer before anything was sent.
   */
  void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException;
}
