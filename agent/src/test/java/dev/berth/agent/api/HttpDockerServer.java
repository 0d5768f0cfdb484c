package dev.berth.agent.api;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain HTTP/1.1 transport for the router on 127.0.0.1, so real Docker clients can talk to it:
 * keep-alive connections, request bodies (chunked or not) streamed to the endpoint, answers
 * without a Content-Length sent chunked, and dockerd's connection hijack: after an endpoint
 * answers {@code 101} (attach), its body goes raw over the socket, further client bytes become
 * the request body, and the connection ends with the body.
 */
public final class HttpDockerServer implements AutoCloseable {
  private final ServerSocket socket;
  private final DockerApiRouter router;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "http-docker");
    thread.setDaemon(true);
    return thread;
  });

  /** Serves {@code router} on a free port of 127.0.0.1. */
  public HttpDockerServer(DockerApiRouter router) throws IOException {
    this.router = router;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The port served. */
  public int port() {
    return socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        threads.execute(() -> serve(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      OutputStream out = connection.getOutputStream();
      while (true) {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        String[] parts = requestLine.split(" ");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          headers.computeIfAbsent(header.substring(0, colon).trim(), h -> new ArrayList<>())
              .add(header.substring(colon + 1).trim());
        }
        InputStream body = HttpBodies.requestBody(in, headers);
        HttpBodies.Response response = new HttpBodies.Response(out, parts[0].equals("HEAD"));
        router.handle(new DockerRequest(parts[0], parts[1], headers, response.upgradable(body, in)), response);
        response.finish();
        if (response.upgraded() || headers.getOrDefault("Connection", List.of()).contains("close")) {
          return;
        }
        body.transferTo(OutputStream.nullOutputStream()); // what the endpoint left unread
      }
    } catch (IOException gone) {
      // the client went away
    }
  }

  /** One CRLF-terminated line, or null at the end of the stream. */
  static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return b == -1 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    threads.shutdownNow();
  }
}
