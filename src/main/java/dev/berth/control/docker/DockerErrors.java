package dev.berth.control.docker;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors in the Docker Engine API's own shape: {@code {"message": "..."}} with a status. */
public final class DockerErrors {
  private DockerErrors() {}

  /** Ends the response with a Docker-style error, unless it already started. */
  public static void send(HttpServerResponse response, int status, String message) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("message", message).encode() + "\n");
  }
}
