package dev.berth.agent.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A plain HTTP transport for the router on 127.0.0.1, so real Docker clients can talk to it.
 * Request bodies (chunked or not) are streamed to the endpoint; answers without a Content-Length
 * go out chunked. Each exchange runs on its own thread, so a long upload does not block others.
 */
public final class HttpDockerServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  /** Serves {@code router} on a free port of 127.0.0.1. */
  public HttpDockerServer(DockerApiRouter router) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (exchange) {
        DockerRequest request = new DockerRequest(exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
            exchange.getRequestHeaders(), exchange.getRequestBody());
        router.handle(request, new ExchangeResponse(exchange));
      }
    });
    server.start();
  }

  /** The port served. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private static final class ExchangeResponse implements DockerResponse {
    private final HttpExchange exchange;

    ExchangeResponse(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void head(int status, Map<String, List<String>> headers) throws IOException {
      long length = 0; // chunked
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase("Content-Length")) {
          length = Long.parseLong(header.getValue().get(0));
        } else {
          exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
      }
      boolean noBody = exchange.getRequestMethod().equals("HEAD") || length == 0 && headers.containsKey("Content-Length");
      exchange.sendResponseHeaders(status, noBody ? -1 : length);
    }

    @Override
    public OutputStream body() {
      return exchange.getResponseBody();
    }
  }
}
