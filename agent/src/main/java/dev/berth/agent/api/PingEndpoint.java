package dev.berth.agent.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code GET|HEAD /_ping}: liveness, and the Api-Version header clients negotiate down to. */
public final class PingEndpoint implements DockerEndpoint {

  private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    boolean head = request.method().equalsIgnoreCase("HEAD");
    response.head(200, Map.of(
        "Content-Type", List.of("text/plain; charset=utf-8"),
        "Content-Length", List.of(head ? "0" : Integer.toString(OK.length)),
        "Builder-Version", List.of("1"),
        "Cache-Control", List.of("no-cache, no-store, must-revalidate"),
        "Pragma", List.of("no-cache"),
        "Swarm", List.of("inactive")));
    try (OutputStream body = response.body()) {
      body.write(OK);
    }
  }
}
