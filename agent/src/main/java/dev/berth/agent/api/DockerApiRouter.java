package dev.berth.agent.api;

import dev.berth.util.Log;
import dev.berth.util.Lazy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.lang.System.Logger.Level;

/**
 * The Docker Engine API server, independent of transport: strips the optional {@code /vX.Y}
 * prefix, finds the route by method and path, and answers errors the way dockerd does
 * ({@code {"message": "..."}}, 404 "page not found" for unknown routes).
 */
public final class DockerApiRouter {

  private static final System.Logger LOG = Log.of(DockerApiRouter.class);

  private final Supplier<List<DockerRoute>> routes;

  /** Returns a router over {@code routes}, tried in order. */
  public DockerApiRouter(List<DockerRoute> routes) {
    List<DockerRoute> copy = List.copyOf(routes);
    this.routes = () -> copy;
  }

  /**
   * Returns a router over the routes {@code routes} makes, tried in order; they are made on the
   * first request, so an agent nobody sends Docker requests to never loads the endpoints' classes.
   */
  public DockerApiRouter(Supplier<List<DockerRoute>> routes) {
    this.routes = Lazy.of(() -> List.copyOf(routes.get()));
  }

  /** Answers one request on {@code response}. */
  public void handle(DockerRequest request, DockerResponse response) throws IOException {
    String method = request.method().toUpperCase(java.util.Locale.ROOT);
    EngineResponse engine = new EngineResponse(response, method.equals("HEAD"));
    try {
      String path = DockerApiVersion.stripPrefix(request.path());
      for (DockerRoute route : routes.get()) {
        Optional<Map<String, String>> variables = route.match(method, path);
        if (variables.isPresent()) {
          route.endpoint().handle(request, variables.get(), engine);
          return;
        }
      }
      JsonReply.error(engine, 404, "page not found");
    } catch (DockerApiException e) {
      answerError(engine, e.status(), e.getMessage(), request, e);
    } catch (RuntimeException e) {
      answerError(engine, 500, describe(e), request, e);
    }
  }

  private static void answerError(EngineResponse response, int status, String message,
      DockerRequest request, Exception cause) throws IOException {
    if (status >= 500) {
      LOG.log(Level.WARNING, request.method() + " " + request.path() + " failed", cause);
    }
    if (response.isCommitted()) {
      // Too late for an error answer: end what was started so the client is not left waiting.
      response.body().close();
      return;
    }
    JsonReply.error(response, status, message);
  }

  private static String describe(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
