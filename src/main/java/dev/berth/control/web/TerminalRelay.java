package dev.berth.control.web;

import dev.berth.control.docker.HijackedSession;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamReceiver;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of one web terminal: the exec's output goes from its hijacked session (a link stream,
 * or the connection to the replica holding the host's link) to the page's WebSocket as binary
 * messages, and the page's keystrokes the other way. Output is acknowledged only once the
 * WebSocket has taken it, so a slow browser holds the
 * container back instead of filling memory; input beyond one link window that the container has
 * not taken yet closes the terminal rather than queue without bound.
 */
final class TerminalRelay implements StreamReceiver {
  private static final byte[] END_OF_INPUT = {0x03, 0x04};
  private final HijackedSession stream;
  private final WebSocketConnection connection;
  private final AtomicLong unsentInput = new AtomicLong();

  TerminalRelay(HijackedSession stream, WebSocketConnection connection) {
    this.stream = stream;
    this.connection = connection;
  }

  /** Starts relaying the exec's output to the page. */
  void start() {
    stream.receive(this);
  }

  /** Keystrokes (or pasted text) from the page. */
  void input(byte[] bytes) {
    if (unsentInput.addAndGet(bytes.length) > LinkStream.INITIAL_WINDOW) {
      close(connection, CloseReason.INTERNAL_SERVER_ERROR.getCode(), "the container does not read its input");
      return;
    }
    stream.write(ByteBuffer.wrap(bytes)).whenComplete((ok, failure) -> unsentInput.addAndGet(-bytes.length));
  }

  /**
   * The page went away: the exec's input ends, so the shell exits. On a TTY the end of the
   * stream alone is no end of input (the terminal stays open, as with a {@code docker exec -it}
   * whose client died), so the terminal's own end of input comes first: ctrl-C clears a
   * half-typed line (or interrupts what runs), ctrl-D on the empty line is end of file.
   */
  void pageClosed() {
    stream.write(ByteBuffer.wrap(END_OF_INPUT));
    stream.end();
  }

  @Override
  public void onData(ByteBuffer data) {
    int size = data.remaining();
    byte[] bytes = new byte[size];
    data.get(bytes);
    connection.sendBinary(Buffer.buffer(bytes)).subscribe().with(
        sent -> stream.acknowledge(size), failure -> stream.reset("the page went away"));
  }

  @Override
  public void onEnd() {
    close(connection, CloseReason.NORMAL.getCode(), "the process exited");
  }

  @Override
  public void onReset(String reason) {
    close(connection, CloseReason.INTERNAL_SERVER_ERROR.getCode(), reason);
  }

  /** Closes the page's WebSocket, telling it why. */
  static void close(WebSocketConnection connection, int code, String reason) {
    // A close reason must fit in a 125-byte control frame.
    String text = reason.length() <= 100 ? reason : reason.substring(0, 100);
    connection.close(new CloseReason(code, text)).subscribe().with(ok -> { }, failure -> { });
  }
}
