package dev.berth.agent.localapi;

import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as an endpoint reads it: the framed body, and once the answer was a
 * {@code 101}, whatever else the client sends on the hijacked connection (its end, e.g. from the
 * client's half-close, ends only this stream). The first read sends {@code 100 Continue} to a
 * client that waits for it. Closing does nothing: the connection may carry more requests, and
 * what the endpoint left unread is drained after the answer.
 */
final class EndpointInput extends InputStream {
  private final RequestBody body;
  private final SocketInput connection;
  private final HttpAnswer answer;
  private boolean continueDue;

  /** {@code body} of a request whose answer is {@code answer}; {@code expectsContinue} from its head. */
  EndpointInput(RequestBody body, SocketInput connection, HttpAnswer answer, boolean expectsContinue) {
    this.body = body;
    this.connection = connection;
    this.answer = answer;
    this.continueDue = expectsContinue;
  }

  /** Whether the client still waits for a 100 Continue that never went out (its body never came). */
  boolean continueWithheld() {
    return continueDue;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    if (continueDue) {
      continueDue = false;
      answer.sendContinue();
    }
    int n = body.read(bytes, offset, length);
    if (n >= 0 || length == 0) {
      return n;
    }
    return answer.upgraded() ? connection.read(bytes, offset, length) : -1;
  }

  @Override
  public int available() throws IOException {
    int framed = body.available();
    return framed > 0 || !answer.upgraded() ? framed : connection.available();
  }

  @Override
  public void close() {}
}
