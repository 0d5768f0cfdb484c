package dev.berth.control.docker;

import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.fleet.Host;
import dev.berth.control.security.AuditLog;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.message.RequestHead;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Docker Engine API of every host at {@code /docker/<host>/…}: each request is authorised
 * here, stripped of its prefix and carried to the host's agent on a new link stream; the agent
 * implements the API. So {@code DOCKER_HOST=tcp://<control>/docker/<host>} works with the stock CLI.
 */
@ApplicationScoped
public class DockerApiTunnel {
  private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  // Reads that hand out a container's files (export, docker cp): they may hold secrets, so not for viewers.
  private static final Pattern CONTAINER_FILES = Pattern.compile("^/docker/[^/]+(/v[0-9.]+)?/containers/[^/]+/(export|archive)$");

  @Inject AgentSessions sessions;
  @Inject AuditLog audit;

  void routes(@Observes Router router) {
    router.route("/docker/:host/*").handler(this::forward);
  }

  private void forward(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    String hostName = routing.pathParam("host");
    if (hostName == null || !hostName.matches(Host.NAME_PATTERN)) {
      DockerErrors.send(request.response(), 404, "no such host: " + hostName);
      return;
    }
    SecurityIdentity identity = ((QuarkusHttpUser) routing.user()).getSecurityIdentity();
    if (identity.hasRole("viewer") && !viewerMay(request.method(), request.path())) {
      DockerErrors.send(request.response(), 403, "permission denied: the viewer role is read-only"
          + " and does not read files inside containers");
      return;
    }
    Optional<AgentSession> session = sessions.findByName(hostName);
    if (session.isEmpty()) {
      request.pause();
      answerUnreachable(routing, hostName);
      return;
    }
    String path = request.uri().substring(("/docker/" + hostName).length());
    LinkStream stream;
    try {
      stream = session.get().link().open(
          RequestHead.docker(request.method().name(), path, ForwardedHeaders.request(request.headers())));
    } catch (LinkClosedException e) {
      DockerErrors.send(request.response(), 503, "host " + hostName + " is offline: " + e.getMessage());
      return;
    }
    new TunnelledExchange(request, stream, Vertx.currentContext(), hostName).start();
    if (!READ_ONLY.contains(request.method())) {
      auditWhenDone(routing, identity, hostName, path);
    }
  }

  private static boolean viewerMay(HttpMethod method, String path) {
    return READ_ONLY.contains(method) && !CONTAINER_FILES.matcher(path).matches();
  }

  private void answerUnreachable(RoutingContext routing, String hostName) {
    routing.vertx().executeBlocking(() -> QuarkusTransaction.joiningExisting()
            .call(() -> Host.findByName(hostName).isPresent()))
        .onComplete(known -> DockerErrors.send(routing.response(),
            known.succeeded() && known.result() ? 503 : 404,
            known.succeeded() && known.result() ? "host " + hostName + " is offline" : "no such host: " + hostName));
  }

  private void auditWhenDone(RoutingContext routing, SecurityIdentity identity, String hostName, String path) {
    String method = routing.request().method().name();
    String source = routing.request().remoteAddress() == null ? null : routing.request().remoteAddress().hostAddress();
    routing.response().endHandler(end -> {
      int status = routing.response().getStatusCode();
      routing.vertx().executeBlocking(() -> {
        audit.record(identity.getPrincipal().getName(), source, "docker " + method + " " + path.replaceFirst("\\?.*", ""),
            hostName, null, status < 400 ? "ok" : "status " + status);
        return null;
      });
    });
  }
}
