package dev.berth.link;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The dialling side of the link on the JDK's WebSocket client (the agent, and the agent simulator
 * of the scale benchmark): whole messages are assembled from
 * their parts and handed to the {@link Link}; the next message is requested only after that,
 * so a flood from the control plane cannot pile up in memory.
 */
public final class JdkWebSocketTransport implements LinkTransport, WebSocket.Listener {
  private final CompletableFuture<WebSocket> socket = new CompletableFuture<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final StringBuilder text = new StringBuilder();
  private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
  private volatile Link link;

  /** Connects the link that receives what arrives. */
  public void attach(Link receiver) {
    this.link = receiver;
  }

  /** Completes with the reason once the WebSocket is closed or failed. */
  public CompletableFuture<String> closed() {
    return closed;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    socket.complete(webSocket);
    webSocket.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String message = text.toString();
      text.setLength(0);
      link.onText(message);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    if (last && binary.size() == 0) {
      link.onBinary(copy(data));
    } else {
      try {
        Channels.newChannel(binary).write(data);
      } catch (java.io.IOException impossible) {
        throw new IllegalStateException(impossible);
      }
      if (last) {
        ByteBuffer message = ByteBuffer.wrap(binary.toByteArray());
        binary.reset();
        link.onBinary(message);
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    finish("closed by the control plane (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    finish("connection failed: " + error);
  }

  @Override
  public CompletionStage<?> sendText(String message) {
    return socket.thenCompose(ws -> ws.sendText(message, true));
  }

  @Override
  public CompletionStage<?> sendBinary(ByteBuffer frame) {
    return socket.thenCompose(ws -> ws.sendBinary(frame, true));
  }

  @Override
  public void close(String reason) {
    socket.thenAccept(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, reason.length() > 100 ? reason.substring(0, 100) : reason)
        .whenComplete((ok, failure) -> ws.abort()));
    finish(reason);
  }

  private void finish(String reason) {
    if (closed.complete(reason) && link != null) {
      link.onClosed(reason);
    }
  }

  private static ByteBuffer copy(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    copy.put(data).flip();
    return copy;
  }
}
