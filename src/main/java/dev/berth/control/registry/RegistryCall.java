package dev.berth.control.registry;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;
import org.jboss.logging.Logger;

/**
 * One authorised registry request: the Vert.x exchange, the repository and reference (tag,
 * digest or upload id) taken from its path, and what its sender may do. Blocking work (disk,
 * database) runs through {@link #blocking}; every failure ends the exchange with the spec's
 * error body {@code {"errors":[{"code","message","detail"}]}}.
 */
public record RegistryCall(RoutingContext routing, String repository, String reference, RegistryAuth.Grant grant) {
  private static final Logger LOG = Logger.getLogger(RegistryCall.class);

  /** Runs {@code work} on a worker thread. */
  public <T> Future<T> blocking(Callable<T> work) {
    return routing.vertx().executeBlocking(work, false);
  }

  /** The response. */
  public HttpServerResponse response() {
    return routing.response();
  }

  /** A query parameter, or null. */
  public String query(String name) {
    return routing.request().getParam(name);
  }

  /** Ends the exchange with the error {@code failure} stands for. */
  public void fail(Throwable failure) {
    send(response(), failure);
  }

  /** Ends {@code response} with the error {@code failure} stands for, unless it already started. */
  static void send(HttpServerResponse response, Throwable failure) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    RegistryException error = failure instanceof RegistryException known ? known : null;
    if (error == null) {
      LOG.warn("registry request failed", failure);
      error = new RegistryException(500, "UNKNOWN", "internal error: " + failure.getMessage());
    }
    if (error.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
    }
    JsonObject body = new JsonObject().put("errors", new JsonArray().add(new JsonObject()
        .put("code", error.code()).put("message", error.getMessage()).putNull("detail")));
    response.setStatusCode(error.status()).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** {@code 0-<size-1>}, the upload progress header (as Distribution writes it, {@code 0-0} when empty). */
  static String range(long size) {
    return "0-" + Math.max(0, size - 1);
  }
}
