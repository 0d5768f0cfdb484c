package dev.berth.control.docker;

import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.replica.Replicas;
import dev.berth.link.LinkClosedException;
import dev.berth.link.LinkStream;
import dev.berth.link.message.RequestHead;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Docker API calls another replica forwards here ({@link ReplicaForwarder}) because this replica
 * holds the host's link: {@code /replica/docker/<host>/…}, proven by the replicas' shared secret
 * and carried on to the agent as they are. The forwarding replica has already authorised,
 * screened and audited the call. Upgrade requests arrive as GET (the HTTP client upgrades only
 * those) with the real method in {@link #METHOD_HEADER}.
 */
@ApplicationScoped
public class ForwardedDockerCalls {
  /** Where forwarded calls arrive. */
  static final String PREFIX = "/replica/docker/";
  /** The forwarded call's own method. */
  static final String METHOD_HEADER = "X-Berth-Method";

  @Inject AgentSessions sessions;
  @Inject Replicas replicas;

  void routes(@Observes Router router) {
    router.route(PREFIX + ":host/*").handler(this::serve);
  }

  private void serve(RoutingContext routing) {
    HttpServerRequest request = routing.request();
    String presented = request.getHeader(Replicas.SECRET_HEADER);
    request.pause();
    routing.vertx().executeBlocking(() -> replicas.isSecret(presented)).onComplete(proven -> {
      if (proven.failed() || !proven.result()) {
        DockerErrors.send(request.response(), 403, "only another replica of this control plane may call here");
        return;
      }
      carry(routing, routing.pathParam("host"));
    });
  }

  private void carry(RoutingContext routing, String hostName) {
    HttpServerRequest request = routing.request();
    Optional<AgentSession> session = sessions.findByName(hostName);
    if (session.isEmpty()) {
      DockerErrors.send(request.response(), 503, "host " + hostName + " is offline");
      return;
    }
    String method = Optional.ofNullable(request.getHeader(METHOD_HEADER)).orElse(request.method().name());
    Map<String, List<String>> headers = ForwardedHeaders.request(request.headers());
    headers.keySet().removeIf(name -> name.equalsIgnoreCase(METHOD_HEADER) || name.equalsIgnoreCase(Replicas.SECRET_HEADER));
    LinkStream stream;
    try {
      stream = session.get().link().open(RequestHead.docker(method, request.uri().substring(PREFIX.length() + hostName.length()), headers));
    } catch (LinkClosedException e) {
      DockerErrors.send(request.response(), 503, "host " + hostName + " is offline: " + e.getMessage());
      return;
    }
    new TunnelledExchange(request, stream, Vertx.currentContext(), hostName).start(null);
    request.resume();
  }
}
