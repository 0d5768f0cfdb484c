package dev.berth.agent.localapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A test client that writes raw bytes to a unix socket and reads HTTP/1.1 answers back, byte-exact. */
final class RawHttpClient implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  RawHttpClient(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    in = Channels.newInputStream(channel);
    out = Channels.newOutputStream(channel);
  }

  /** Sends {@code text} as it is. */
  RawHttpClient send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** Ends what the client sends; the connection stays open for reading. */
  void halfClose() throws IOException {
    channel.shutdownOutput();
  }

  /** Reads one answer: head, then a body framed by Content-Length, chunks, or (neither) the connection's end. */
  Answer read() throws IOException {
    Answer head = readHead();
    return head.status() == 101 ? head : new Answer(head.status(), head.headers(), body(head.headers()));
  }

  /** Reads one answer's head only, as for a HEAD request or a 101 (no body, whatever the headers say). */
  Answer readHead() throws IOException {
    String statusLine = line();
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String line = line(); !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
    }
    return new Answer(Integer.parseInt(statusLine.split(" ")[1]), headers, "");
  }

  /** The next chunk of a chunked body as it arrives ("" for the last one). */
  String chunk() throws IOException {
    int size = Integer.parseInt(line(), 16);
    String data = new String(in.readNBytes(size), StandardCharsets.ISO_8859_1);
    line();
    if (size == 0) {
      return "";
    }
    return data;
  }

  /** Everything until the server closes the connection. */
  String rest() throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  private String body(Map<String, String> headers) throws IOException {
    if (headers.containsKey("Content-Length")) {
      return new String(in.readNBytes(Integer.parseInt(headers.get("Content-Length"))), StandardCharsets.UTF_8);
    }
    if ("chunked".equals(headers.get("Transfer-Encoding"))) {
      StringBuilder body = new StringBuilder();
      for (String chunk = chunk(); !chunk.isEmpty(); chunk = chunk()) {
        body.append(chunk);
      }
      return body.toString();
    }
    return rest();
  }

  private String line() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("the connection ended; read so far: " + bytes);
      }
      bytes.write(b);
    }
    String line = bytes.toString(StandardCharsets.ISO_8859_1);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** One answer as read. */
  record Answer(int status, Map<String, String> headers, String body) {}
}
