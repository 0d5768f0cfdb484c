package dev.berth.control.docker;

import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.fleet.Host;
import dev.berth.control.security.AccessRequest;
import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.AuditParameters;
import dev.berth.control.security.Authorization;
import dev.berth.control.security.ClientAddress;
import dev.berth.control.security.ContainerPrivileges;
import dev.berth.control.security.Csrf;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.message.RequestHead;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine API of every host at {@code /docker/<host>/…}: each request is authorised
 * here, stripped of its prefix and carried to the host's agent on a new link stream; the agent
 * implements the API. So {@code DOCKER_HOST=tcp://<control>/docker/<host>} works with the stock CLI.
 * A host linked to another replica is reached through that replica ({@link ReplicaForwarder}).
 */
@ApplicationScoped
public class DockerApiTunnel {
  private static final Set<HttpMethod> READ_ONLY = Set.of(HttpMethod.GET, HttpMethod.HEAD);
  // The object of a call: /containers/<id>/start → <id>.
  private static final Pattern OBJECT = Pattern.compile("^(?:/v[0-9.]+)?/[a-z]+/([^/]+)");

  @Inject AgentSessions sessions;
  @Inject AuditLog audit;
  @Inject Authorization authorization;
  @Inject ContainerRequestScreen screen;
  @Inject ReplicaForwarder forwarder;

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
    Optional<Authorization.Refusal> refusal = authorization.refusal(identity, new AccessRequest(request.method().name(),
        request.path(), hostName, request.getHeader(Csrf.HEADER), request.getHeader("Sec-Fetch-Site")));
    if (refusal.isPresent()) {
      DockerErrors.send(request.response(), refusal.get().status(), refusal.get().message());
      recordRefusal(routing, identity, hostName, refusal.get());
      return;
    }
    String path = request.uri().substring(("/docker/" + hostName).length());
    String endpoint = request.path().substring(("/docker/" + hostName).length());
    if (!ContainerRequestScreen.applies(request, endpoint)) {
      open(routing, identity, hostName, path, null, ContainerPrivileges.NONE);
      return;
    }
    screen.screen(routing.vertx(), request, endpoint, identity, hostName).onComplete(screened -> {
          if (screened.failed()) {
            boolean tooLarge = screened.cause() instanceof ContainerRequestScreen.TooLarge;
            DockerErrors.send(request.response(), tooLarge ? 413 : 400, screened.cause().getMessage());
          } else if (screened.result().refusal().isPresent()) {
            Authorization.Refusal refused = screened.result().refusal().get();
            DockerErrors.send(request.response(), refused.status(), refused.message());
            recordRefusal(routing, identity, hostName, refused);
          } else {
            open(routing, identity, hostName, path, screened.result().body(), screened.result().privileges());
          }
        });
  }

  // Opens the stream to the host's agent; body null: the request's own body is pumped through as it comes.
  private void open(RoutingContext routing, SecurityIdentity identity, String hostName, String path, Buffer body,
                    ContainerPrivileges privileges) {
    HttpServerRequest request = routing.request();
    if (!READ_ONLY.contains(request.method())) {
      auditWhenDone(routing, identity, hostName, path, privileges); // offline hosts' refusals too
    }
    Optional<AgentSession> session = sessions.findByName(hostName);
    if (session.isEmpty()) {
      request.pause();
      forwarder.forward(routing, hostName, path, body).onComplete(forwarded -> {
        if (forwarded.failed() || !forwarded.result()) {
          answerUnreachable(routing, hostName);
        }
      });
      return;
    }
    LinkStream stream;
    try {
      stream = session.get().link().open(
          RequestHead.docker(request.method().name(), path, ForwardedHeaders.request(request.headers())));
    } catch (LinkClosedException e) {
      DockerErrors.send(request.response(), 503, "host " + hostName + " is offline: " + e.getMessage());
      return;
    }
    new TunnelledExchange(request, stream, Vertx.currentContext(), hostName).start(body);
  }

  private void answerUnreachable(RoutingContext routing, String hostName) {
    routing.vertx().executeBlocking(() -> QuarkusTransaction.joiningExisting()
            .call(() -> Host.findByName(hostName).isPresent()))
        .onComplete(known -> DockerErrors.send(routing.response(),
            known.succeeded() && known.result() ? 503 : 404,
            known.succeeded() && known.result() ? "host " + hostName + " is offline" : "no such host: " + hostName));
  }

  private void auditWhenDone(RoutingContext routing, SecurityIdentity identity, String hostName, String path,
                             ContainerPrivileges privileges) {
    routing.response().endHandler(end -> {
      AuditEvent event = event(routing, identity, hostName, path, privileges.sensitive(),
          AuditEvent.outcomeOf(routing.response().getStatusCode()));
      routing.vertx().executeBlocking(() -> {
        audit.append(event);
        return null;
      });
    });
  }

  private void recordRefusal(RoutingContext routing, SecurityIdentity identity, String hostName,
                             Authorization.Refusal refusal) {
    String path = routing.request().uri().substring(("/docker/" + hostName).length());
    AuditEvent event = event(routing, identity, hostName, path, List.of(), "refused: " + refusal.message());
    routing.vertx().executeBlocking(() -> {
      audit.append(event);
      return null;
    });
  }

  /**
   * What the audit trail keeps of a Docker API call: the endpoint, its object, its query (secrets redacted) and
   * the host-reaching options it used ({@code privileges}).
   */
  private static AuditEvent event(RoutingContext routing, SecurityIdentity identity, String hostName, String path,
                                  List<String> privileges, String outcome) {
    String bare = path.replaceFirst("\\?.*", "");
    Map<String, List<String>> query = new LinkedHashMap<>();
    routing.queryParams().names().forEach(name -> query.put(name, routing.queryParams().getAll(name)));
    if (!privileges.isEmpty()) {
      query.put("privileges", privileges);
    }
    Matcher object = OBJECT.matcher(bare);
    String target = object.find() ? object.group(1) : routing.queryParams().get("name");
    return new AuditEvent(identity.getPrincipal().getName(), ClientAddress.of(routing), "docker", hostName,
        "docker " + routing.request().method().name() + " " + bare.replaceFirst("^/v[0-9.]+", ""),
        target, AuditParameters.of(query), outcome);
  }
}
