package dev.berth.agent.localapi;

import dev.berth.util.Log;
import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.JsonReply;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * Serves one client connection, one request after another (HTTP/1.1 keep-alive), each answered by
 * the Docker API router before the next is read. A request that cannot be read is refused with
 * its status ({@code 400}, {@code 431}, {@code 501}, {@code 505}) and ends the connection; so does
 * a hijacked ({@code 101}) exchange, when its endpoint returns.
 */
final class HttpConnection implements Runnable {
  /** Most bytes of a request's head (request line and header fields). */
  static final int MAX_HEAD_BYTES = 64 * 1024;
  /** Most bytes of a body the endpoint left unread that are skipped to keep the connection. */
  static final long MAX_DRAIN_BYTES = 256 * 1024;
  private static final System.Logger LOG = Log.of(HttpConnection.class);
  private static final int BUFFER = 8192;
  private static final long LINGER_MILLIS = 500;

  private final SocketChannel channel;
  private final DockerApiRouter router;
  private final SocketInput in;
  private final SocketOutput out;

  /** A connection to serve with {@code router}. */
  HttpConnection(SocketChannel channel, DockerApiRouter router) {
    this.channel = channel;
    this.router = router;
    this.in = new SocketInput(channel, BUFFER);
    this.out = new SocketOutput(channel, BUFFER);
  }

  @Override
  public void run() {
    try (channel) {
      serve();
    } catch (IOException gone) {
      LOG.log(Level.DEBUG, "local API connection ended: " + gone);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "local API connection failed", e);
    }
  }

  private void serve() throws IOException {
    while (true) {
      HttpAnswer answer = null;
      try {
        RequestHead head = RequestHead.read(in, MAX_HEAD_BYTES);
        if (head == null) {
          return;
        }
        RequestBody body = RequestBody.of(head, in);
        answer = new HttpAnswer(out, head, channel::shutdownOutput);
        EndpointInput input = new EndpointInput(body, in, answer, head.expectsContinue());
        router.handle(new DockerRequest(head.method(), head.target(), head.headers(), input), answer);
        if (!answer.finish() || answer.upgraded() || input.continueWithheld() || !body.skipRest(MAX_DRAIN_BYTES)) {
          return;
        }
      } catch (HttpProtocolException e) {
        if (answer == null || !answer.committed()) {
          refuse(e);
        }
        return;
      }
    }
  }

  /** Answers a request that could not be read, then lets the client finish sending before closing. */
  private void refuse(HttpProtocolException e) throws IOException {
    HttpAnswer answer = HttpAnswer.closing(out);
    JsonReply.error(answer, e.status(), e.getMessage());
    answer.finish();
    channel.shutdownOutput();
    lingerForUnreadInput();
  }

  /**
   * Reads (and drops) what the client still sends, for a short while: closing a unix socket with
   * unread bytes resets it, and the client would lose the answer it has not read yet.
   */
  private void lingerForUnreadInput() throws IOException {
    channel.configureBlocking(false);
    ByteBuffer scratch = ByteBuffer.allocate(BUFFER);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
    while (System.nanoTime() < deadline) {
      scratch.clear();
      int n = channel.read(scratch);
      if (n < 0) {
        return;
      }
      if (n == 0) {
        try {
          Thread.sleep(10);
        } catch (InterruptedException stop) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
