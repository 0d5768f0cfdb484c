package dev.berth.control.docker;

import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import dev.berth.link.message.ReplyHead;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One Docker API request carried over a link stream: the request body flows to the agent and the
 * agent's reply back to the client, each within the stream's flow-control window, so neither
 * side buffers more than a window however large the body. Everything touching the HTTP exchange
 * runs on the request's own Vert.x context.
 */
final class TunnelledExchange implements StreamReceiver {
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final LinkStream stream;
  private final Context context;
  private final String hostName;

  TunnelledExchange(HttpServerRequest request, LinkStream stream, Context context, String hostName) {
    this.request = request;
    this.response = request.response();
    this.stream = stream;
    this.context = context;
    this.hostName = hostName;
  }

  /** Starts pumping both ways; {@code body} non-null: the request's body, already read (and so sent whole). */
  void start(Buffer body) {
    boolean upgrade = ForwardedHeaders.isUpgrade(request.headers());
    response.closeHandler(closed -> stream.reset("client disconnected"));
    if (body != null) {
      stream.write(ByteBuffer.wrap(body.getBytes()));
      stream.end();
    } else {
      request.handler(this::sendRequestBytes);
      // An upgrade request's side stays open: after the 101 the client's bytes keep flowing.
      request.endHandler(end -> {
        if (!upgrade) {
          stream.end();
        }
      });
      request.exceptionHandler(failure -> stream.reset("client request failed: " + failure.getMessage()));
    }
    stream.reply().whenComplete((head, failure) -> context.runOnContext(v -> {
      if (failure != null) {
        DockerErrors.send(response, 502, "host " + hostName + " did not answer: " + failure.getMessage());
      } else if (upgrade && head.status() == 101) {
        new UpgradedConnection(request, stream, context).switchProtocols(head);
      } else {
        writeHead(head);
        stream.receive(this);
        if (upgrade) {
          stream.end(); // the agent answered without switching: nothing more will be sent
        }
      }
    }));
  }

  private void sendRequestBytes(Buffer chunk) {
    CompletableFuture<Void> queued = stream.write(ByteBuffer.wrap(chunk.getBytes()));
    if (!queued.isDone()) {
      request.pause();
      queued.whenComplete((ok, failure) -> context.runOnContext(v -> request.resume()));
    }
  }

  private void writeHead(ReplyHead head) {
    response.setStatusCode(head.status());
    boolean lengthKnown = false;
    for (Map.Entry<String, List<String>> header : head.headers().entrySet()) {
      if (ForwardedHeaders.passesToClient(header.getKey())) {
        response.headers().add(header.getKey(), header.getValue());
        lengthKnown |= header.getKey().equalsIgnoreCase("Content-Length");
      }
    }
    boolean bodyless = request.method() == HttpMethod.HEAD || head.status() == 204 || head.status() == 304;
    if (!lengthKnown && !bodyless) {
      response.setChunked(true);
      // A streamed answer (wait, logs -f, events) may send its body much later; the client
      // acts on the head (docker run waits for it before starting the container).
      response.writeHead();
    }
  }

  @Override
  public void onData(ByteBuffer data) {
    int size = data.remaining();
    byte[] bytes = new byte[size];
    data.get(bytes);
    context.runOnContext(v -> response.write(Buffer.buffer(bytes)).onComplete(done -> stream.acknowledge(size)));
  }

  @Override
  public void onEnd() {
    context.runOnContext(v -> {
      if (!response.ended()) {
        response.end();
      }
    });
  }

  @Override
  public void onReset(String reason) {
    context.runOnContext(v -> {
      if (!response.headWritten()) {
        DockerErrors.send(response, 502, "host " + hostName + ": " + reason);
      } else if (!response.ended()) {
        response.reset(); // the client must not take a cut-off body for a whole one
      }
    });
  }
}
