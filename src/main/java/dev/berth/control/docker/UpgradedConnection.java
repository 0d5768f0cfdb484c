package dev.berth.control.docker;

import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import dev.berth.link.message.ReplyHead;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A hijacked Docker API connection (attach, exec): after the agent's {@code 101}, raw bytes flow
 * both ways between the client's socket and the link stream, each direction within the stream's
 * flow-control window, until both sides have ended.
 *
 * <p>The docker CLI half-closes its side when it has no more input (always, when stdin is not
 * attached) and keeps reading the output, so the socket allows half-closure: the client's FIN
 * (over TLS its {@code close_notify}) ends the stream towards the agent, and the connection
 * closes only when the agent's side ends.
 */
final class UpgradedConnection implements StreamReceiver {
  private final HttpServerRequest request;
  private final LinkStream stream;
  private final Context context;
  private NetSocket socket;

  UpgradedConnection(HttpServerRequest request, LinkStream stream, Context context) {
    this.request = request;
    this.stream = stream;
    this.context = context;
  }

  /**
   * Answers 101 with the agent's headers and starts relaying. Docker hijacks POST requests, which
   * Vert.x's {@code toNetSocket()} refuses (it upgrades only GET and CONNECT), so the 101 is
   * written to the HTTP/1.1 connection here and the connection then taken over as a socket.
   */
  void switchProtocols(ReplyHead head) {
    takeOver(request, head.headers()).onComplete(taken -> {
      if (taken.failed()) {
        stream.reset("cannot switch protocols: " + taken.cause().getMessage());
        if (!request.response().headWritten()) {
          DockerErrors.send(request.response(), 400, taken.cause().getMessage());
        }
        return;
      }
      socket = taken.result();
      socket.handler(this::toAgent);
      ((NetSocketInternal) socket).eventHandler(event -> {
        if (endsInput(event)) {
          stream.end();
        }
      });
      socket.closeHandler(closed -> stream.reset("client closed the connection"));
      stream.receive(this);
    });
  }

  /**
   * Whether a connection event says the client has no more input: a TCP half-close or, over TLS,
   * a {@code close_notify} alone (Go's {@code tls.Conn.CloseWrite}, which the docker CLI uses,
   * sends just that and leaves the TCP connection open).
   */
  static boolean endsInput(Object event) {
    return event instanceof ChannelInputShutdownEvent
        || event instanceof SslCloseCompletionEvent closed && closed.isSuccess();
  }

  /**
   * Answers {@code 101} with {@code headers} on the client's HTTP/1.1 connection and takes the
   * connection over as a socket that allows half-closure.
   */
  static Future<NetSocket> takeOver(HttpServerRequest request, Map<String, List<String>> headers) {
    if (!(request.connection() instanceof Http1xServerConnection connection)) {
      return Future.failedFuture("attach and exec need an HTTP/1.1 connection");
    }
    connection.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    DefaultFullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.SWITCHING_PROTOCOLS);
    headers.forEach((name, values) -> switching.headers().add(name, values));
    connection.writeToChannel(switching);
    return connection.netSocket().onFailure(failure -> connection.close());
  }

  private void toAgent(Buffer chunk) {
    CompletableFuture<Void> queued = stream.write(ByteBuffer.wrap(chunk.getBytes()));
    if (!queued.isDone()) {
      socket.pause();
      queued.whenComplete((ok, failure) -> context.runOnContext(v -> socket.resume()));
    }
  }

  @Override
  public void onData(ByteBuffer data) {
    int size = data.remaining();
    byte[] bytes = new byte[size];
    data.get(bytes);
    context.runOnContext(v -> socket.write(Buffer.buffer(bytes)).onComplete(done -> stream.acknowledge(size)));
  }

  @Override
  public void onEnd() {
    context.runOnContext(v -> socket.close());
  }

  @Override
  public void onReset(String reason) {
    context.runOnContext(v -> socket.close());
  }
}
