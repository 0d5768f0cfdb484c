package dev.berth.link;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The WebSocket under a {@link Link}: the agent uses the JDK's client, the control plane
 * websockets-next. The link calls the send methods one at a time: a send starts only after the
 * previous one completed.
 */
public interface LinkTransport {
  /** Sends one text message (a control message). */
  CompletionStage<?> sendText(String text);

  /** Sends one binary message (a frame). */
  CompletionStage<?> sendBinary(ByteBuffer frame);

  /** Closes the WebSocket with a reason the peer logs. */
  void close(String reason);
}
