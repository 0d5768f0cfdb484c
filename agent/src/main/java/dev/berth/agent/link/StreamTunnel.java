package dev.berth.agent.link;

import dev.berth.util.Log;
import dev.berth.agent.api.DockerApiRouter;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.api.DockerResponse;
import dev.berth.link.Link;
import dev.berth.link.LinkStream;
import dev.berth.link.StreamInput;
import dev.berth.link.StreamOutput;
import dev.berth.link.message.ReplyHead;
import dev.berth.link.message.RequestHead;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Serves the streams the control plane opens: tunnelled Docker Engine API requests, and the
 * link's own diagnostics ({@code link.echo} sends back what it receives, {@code link.generate}
 * sends {@code bytes} zero bytes) used by tests and benchmarks to measure the link itself.
 * Each stream is served on its own thread, so a slow one never holds up another.
 */
final class StreamTunnel implements Link.StreamAcceptor {
  private static final System.Logger LOG = Log.of(StreamTunnel.class);
  private static final int CHUNK = 64 * 1024;

  private final DockerApiRouter dockerApi;
  private final ExecutorService workers;

  StreamTunnel(DockerApiRouter dockerApi, ExecutorService workers) {
    this.dockerApi = dockerApi;
    this.workers = workers;
  }

  @Override
  public void accept(LinkStream stream) {
    workers.execute(() -> {
      try {
        serve(stream);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, "stream " + stream.id() + " failed: " + e);
        stream.reset(String.valueOf(e.getMessage()));
      }
    });
  }

  private void serve(LinkStream stream) throws IOException {
    RequestHead head = stream.head();
    switch (head.kind() == null ? "" : head.kind()) {
      case "docker" -> serveDocker(stream, head);
      case "link.echo" -> echo(stream);
      case "link.generate" -> generate(stream, head.bytes());
      default -> stream.reset("unknown stream kind: " + head.kind());
    }
  }

  private void serveDocker(LinkStream stream, RequestHead head) throws IOException {
    try (InputStream body = new StreamInput(stream)) {
      // Handlers may close the body once they have what they need (Jackson closes what it parses);
      // that must not abort the stream: the rest is drained below.
      DockerRequest request = new DockerRequest(head.method(), head.path(),
          head.headers() == null ? Map.of() : head.headers(), new FilterInputStream(body) {
            @Override
            public void close() {}
          });
      dockerApi.handle(request, new DockerResponse() {
        private OutputStream out;

        @Override
        public void head(int status, Map<String, List<String>> headers) {
          stream.sendReply(new ReplyHead(status, headers));
        }

        @Override
        public OutputStream body() {
          if (out == null) {
            out = new StreamOutput(stream);
          }
          return out;
        }
      });
      body.transferTo(OutputStream.nullOutputStream()); // the handler may leave part of the body unread
    }
    stream.end();
  }

  private void echo(LinkStream stream) throws IOException {
    stream.sendReply(new ReplyHead(200, Map.of()));
    try (InputStream in = new StreamInput(stream); OutputStream out = new StreamOutput(stream)) {
      in.transferTo(out);
    }
  }

  private void generate(LinkStream stream, long bytes) throws IOException {
    stream.sendReply(new ReplyHead(200, Map.of("Content-Length", List.of(Long.toString(bytes)))));
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = new StreamInput(stream); OutputStream out = new StreamOutput(stream)) {
      for (long left = bytes; left > 0; left -= CHUNK) {
        out.write(chunk, 0, (int) Math.min(CHUNK, left));
      }
      in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
