package dev.berth.control.database;

import dev.berth.control.docker.DockerErrors;
import io.quarkus.qute.Template;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * While PostgreSQL does not answer ({@link DatabaseHealth}), refuses requests with 503 at once,
 * before authentication (which reads the database too), instead of letting them hang on the
 * database: problem+json on the API, Docker's {@code {"message"}} on {@code /docker/}, a page in the
 * dashboard, and a plain 503 on the agent link's upgrade (the agent retries later). Agent links
 * already open stay up: their heartbeats do not touch the database. Health, metrics and static
 * assets are always served. A request that fails outside the REST endpoints (e.g. while it is
 * authenticated) because PostgreSQL just became unreachable is answered the same way.
 */
@ApplicationScoped
public class DatabaseOutageFilter {
  /** What a refused request is told. */
  public static final String DETAIL = "the database is unavailable: Berth refuses requests until PostgreSQL is back; try again shortly";
  private static final List<String> ALWAYS_SERVED = List.of("/q/", "/static/", "/vendor/", "/webjars/", "/favicon.ico");
  // Before authentication (priority 200), which reads the database.
  private static final int BEFORE_AUTHENTICATION = 250;

  @Inject DatabaseHealth health;
  @Inject Template error;

  void register(@Observes Filters filters) {
    filters.register(this::refuseWhileDatabaseIsDown, BEFORE_AUTHENTICATION);
  }

  void register(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(routing -> {
      if (DatabaseHealth.unreachable(routing.failure()) && !routing.response().headWritten()) {
        refuse(routing);
      } else {
        routing.next();
      }
    });
  }

  private void refuseWhileDatabaseIsDown(RoutingContext routing) {
    String path = routing.request().path();
    if (health.available() || ALWAYS_SERVED.stream().anyMatch(path::startsWith)) {
      routing.next();
    } else {
      refuse(routing);
    }
  }

  private void refuse(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    String path = request.path();
    routing.response().putHeader("Retry-After", "5");
    if (path.startsWith("/docker/")) {
      DockerErrors.send(routing.response(), 503, DETAIL);
    } else if (!path.startsWith("/api/") && String.valueOf(request.getHeader("Accept")).contains("text/html")) {
      routing.response().setStatusCode(503).putHeader("Content-Type", "text/html; charset=utf-8")
          .end(error.data("title", "Service Unavailable").data("detail", DETAIL).render());
    } else {
      routing.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
          .end(new JsonObject().put("type", "about:blank").put("title", "Service Unavailable")
              .put("status", 503).put("detail", DETAIL).encode());
    }
  }
}
