package dev.berth.control.docker;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.replica.ReplicaClients;
import dev.berth.control.replica.Replicas;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.SocketChannel;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Carries a Docker API call for a host linked to another replica to that replica
 * ({@link ForwardedDockerCalls}) over HTTPS ({@link ReplicaClients}; HTTP when TLS is off),
 * streaming both ways: bodies as they come, and for attach and exec the hijacked connection,
 * spliced byte for byte once the other replica switched protocols (half-closure included, as the
 * docker CLI needs). The web terminal's sessions on such hosts start here too ({@link #hijack}).
 */
@ApplicationScoped
class ReplicaForwarder {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authorization",
      "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "authorization", "cookie");

  // How long a half-close waits for queued bytes to go out: 100 × 20 ms.
  private static final int FLUSH_WAIT_STEPS = 100;
  private static final long FLUSH_WAIT_STEP_MILLIS = 20;

  @Inject Replicas replicas;
  @Inject ReplicaClients clients;

  private record Target(String url, String secret) {}

  /**
   * Forwards the call to the replica holding {@code hostName}'s link; completes false (having
   * answered nothing) when no other replica holds it. {@code body} non-null: the request's body, already read.
   */
  Future<Boolean> forward(RoutingContext routing, String hostName, String path, Buffer body) {
    return routing.vertx().executeBlocking(() -> replicas.holderOf(hostName).map(url -> new Target(url, replicas.secret())))
        .map(target -> {
          target.ifPresent(t -> send(routing.request(), t, hostName, path, body));
          return target.isPresent();
        });
  }

  private void send(HttpServerRequest request, Target target, String hostName, String path, Buffer body) {
    boolean upgrade = ForwardedHeaders.isUpgrade(request.headers());
    RequestOptions options = options(target, hostName, path, request.method(), headers(request.headers(), body != null),
        upgrade ? request.getHeader("Upgrade") : null);
    String unreachable = "host " + hostName + " is linked to the replica at " + target.url() + ", which cannot be reached: ";
    clients.streaming().request(options).onComplete(opened -> {
      if (opened.failed()) {
        DockerErrors.send(request.response(), 503, unreachable + opened.cause().getMessage());
        return;
      }
      HttpClientRequest forwarded = opened.result();
      // Failures reach the answer below; a hijacked connection's request just ends with its socket.
      forwarded.exceptionHandler(failure -> { });
      Future<HttpClientResponse> answer;
      if (upgrade) {
        answer = (body != null ? Future.succeededFuture(body) : readWhole(request)).compose(whole -> connect(forwarded, whole));
      } else {
        request.response().closeHandler(closed -> forwarded.reset());
        answer = body != null ? forwarded.send(body) : forwarded.send(request);
      }
      answer.onComplete(reply -> {
        if (reply.failed()) {
          if (!request.response().headWritten()) {
            DockerErrors.send(request.response(), 502, unreachable + reply.cause().getMessage());
          }
        } else if (upgrade && reply.result().statusCode() == 101) {
          splice(request, reply.result());
        } else {
          relay(request, reply.result());
        }
      });
    });
  }

  /**
   * Starts the hijacked session {@code POST path} (exec start, attach) with JSON {@code body} on
   * host {@code hostName} through the replica at {@code replica}: the session once that replica
   * switched protocols, an ApiProblem otherwise. For the control plane's own sessions (the web
   * terminal); the caller has authorised it.
   */
  Future<HijackedSession> hijack(String replica, String hostName, String path, Buffer body) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json");
    RequestOptions options = options(new Target(replica, replicas.secret()), hostName, path, HttpMethod.POST, headers, "tcp");
    return clients.streaming().request(options).compose(forwarded -> {
      forwarded.exceptionHandler(failure -> { }); // the answer's future fails as well
      return connect(forwarded, body);
    }).compose(reply -> {
      if (reply.statusCode() == 101) {
        Channel channel = ((ConnectionBase) reply.request().connection()).channel();
        NetSocket socket = reply.netSocket();
        socket.pause();
        return Future.succeededFuture(new ReplicaSession(socket, channel, Vertx.currentContext()));
      }
      return reply.body().compose(answer -> Future.failedFuture(new ApiProblem(reply.statusCode() >= 400 ? reply.statusCode() : 502,
          answer.length() > 0 ? answer.toJsonObject().getString("message", "request failed")
              : "host " + hostName + " did not switch protocols")));
    }, failure -> Future.failedFuture(failure instanceof ApiProblem ? failure : new ApiProblem(502,
        "host " + hostName + " is linked to the replica at " + replica + ", which cannot be reached: " + failure.getMessage())));
  }

  /**
   * The forwarded call: {@code method path} for the host, proven by the secret, with
   * {@code headers}; an upgrade (to {@code upgradeProtocol}, null: none) is sent as GET, the only
   * method Vert.x's client upgrades, the real one in {@link ForwardedDockerCalls#METHOD_HEADER}.
   */
  private static RequestOptions options(Target target, String hostName, String path, HttpMethod method, MultiMap headers,
      String upgradeProtocol) {
    RequestOptions options = new RequestOptions()
        .setAbsoluteURI(target.url() + ForwardedDockerCalls.PREFIX + hostName + path)
        .setMethod(upgradeProtocol != null ? HttpMethod.GET : method)
        .setHeaders(headers)
        .putHeader(Replicas.SECRET_HEADER, target.secret())
        .putHeader(ForwardedDockerCalls.METHOD_HEADER, method.name());
    if (upgradeProtocol != null) {
      options.putHeader(HttpHeaders.CONNECTION, "Upgrade").putHeader(HttpHeaders.UPGRADE, upgradeProtocol);
    }
    return options;
  }

  // An upgrade request with its whole body: the other replica's answer, a 101 or a refusal.
  private static Future<HttpClientResponse> connect(HttpClientRequest forwarded, Buffer whole) {
    forwarded.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(whole.length()));
    Future<HttpClientResponse> connected = forwarded.connect();
    if (whole.length() > 0) {
      forwarded.write(whole);
    }
    return connected;
  }

  // The body of a request paused while its target was looked up (exec start's options; attach has none).
  private static Future<Buffer> readWhole(HttpServerRequest request) {
    if (request.isEnded()) {
      return Future.succeededFuture(Buffer.buffer());
    }
    Future<Buffer> whole = request.body();
    request.resume();
    return whole;
  }

  private static MultiMap headers(MultiMap original, boolean bodyRead) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, String> header : original) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !(bodyRead && name.equals("content-length"))) {
        copy.add(header.getKey(), header.getValue());
      }
    }
    return copy;
  }

  private static void relay(HttpServerRequest request, HttpClientResponse reply) {
    HttpServerResponse response = request.response();
    response.setStatusCode(reply.statusCode());
    boolean lengthKnown = false;
    for (String name : reply.headers().names()) {
      if (ForwardedHeaders.passesToClient(name)) {
        response.headers().add(name, reply.headers().getAll(name));
        lengthKnown |= name.equalsIgnoreCase("Content-Length");
      }
    }
    boolean bodyless = request.method() == HttpMethod.HEAD || reply.statusCode() == 204 || reply.statusCode() == 304;
    if (!lengthKnown && !bodyless) {
      response.setChunked(true);
      response.writeHead(); // a streamed answer's head matters before its body (docker run waits on it)
    }
    reply.pipeTo(response);
  }

  // After the other replica's 101: answer the client the same, then bytes flow both ways.
  private static void splice(HttpServerRequest request, HttpClientResponse reply) {
    Channel replicaChannel = ((ConnectionBase) reply.request().connection()).channel();
    NetSocket toReplica = reply.netSocket();
    toReplica.pause();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : reply.headers().names()) {
      headers.put(name, new ArrayList<>(reply.headers().getAll(name)));
    }
    UpgradedConnection.takeOver(request, headers).onComplete(taken -> {
      if (taken.failed()) {
        toReplica.close();
        return;
      }
      NetSocket toClient = taken.result();
      pump(toClient, toReplica);
      pump(toReplica, toClient);
      ((NetSocketInternal) toClient).eventHandler(event -> {
        if (UpgradedConnection.endsInput(event)) { // the client has no more input: tell the other replica so
          endOutput(toReplica, replicaChannel);
        }
      });
      toReplica.closeHandler(closed -> toClient.close());
      toClient.closeHandler(closed -> toReplica.close());
      toReplica.resume();
    });
  }

  /**
   * Half-closes {@code socket} (connection {@code channel}) once what was written to it has gone
   * out (closing earlier would drop what is still queued): a TCP FIN, which the other replica reads
   * as the end of input whether TLS is on or off. The writes' own futures are no help here: on a
   * connection upgraded from Vert.x's HTTP client over TLS they were seen never to complete.
   */
  static void endOutput(NetSocket socket, Channel channel) {
    channel.eventLoop().execute(() -> shutDownOutputWhenFlushed(socket, channel, 0));
  }

  private static void shutDownOutputWhenFlushed(NetSocket socket, Channel channel, int waited) {
    channel.flush();
    ChannelOutboundBuffer pending = channel.unsafe().outboundBuffer();
    if (pending != null && !pending.isEmpty() && channel.isActive() && waited < FLUSH_WAIT_STEPS) {
      channel.eventLoop().schedule(() -> shutDownOutputWhenFlushed(socket, channel, waited + 1),
          FLUSH_WAIT_STEP_MILLIS, TimeUnit.MILLISECONDS);
    } else if (channel instanceof SocketChannel connection) {
      if (!connection.isOutputShutdown()) {
        connection.shutdownOutput();
      }
    } else {
      socket.close();
    }
  }

  private static void pump(NetSocket from, NetSocket to) {
    from.handler(chunk -> {
      to.write(chunk);
      if (to.writeQueueFull()) {
        from.pause();
        to.drainHandler(drained -> from.resume());
      }
    });
  }
}
