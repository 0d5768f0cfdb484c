package dev.berth.control.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Where a request came from, as the audit trail and login throttling see it: the peer's address,
 * or the client's behind a trusted proxy when {@code quarkus.http.proxy.*} says to believe
 * {@code Forwarded}/{@code X-Forwarded-For}.
 */
public final class ClientAddress {
  private ClientAddress() {}

  /** The client address of this request, or null when unknown. */
  public static String of(HttpServerRequest request) {
    return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
  }

  /** The client address of this exchange, or null when unknown. */
  public static String of(RoutingContext routing) {
    return of(routing.request());
  }
}
