package dev.berth.agent.api.images;

import dev.berth.agent.api.DockerApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code docker import <url>}: the root filesystem tar fetched over http(s), as dockerd fetches
 * it (no scheme means http; 4xx/5xx answers refused with their body), but bounded: at most
 * {@code maxBytes}, and all of it within {@code timeout}.
 */
final class ImportSource {
  /** The default bound on a download: a large root filesystem fits. */
  static final long DEFAULT_MAX_BYTES = 16L << 30;
  /** The default time a whole download may take. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private final Supplier<HttpClient> client;
  private final long maxBytes;
  private final Duration timeout;

  /** Fetches with {@code client}, refusing more than {@code maxBytes} or longer than {@code timeout}. */
  ImportSource(HttpClient client, long maxBytes, Duration timeout) {
    this(() -> client, maxBytes, timeout);
  }

  private ImportSource(Supplier<HttpClient> client, long maxBytes, Duration timeout) {
    this.client = client;
    this.maxBytes = maxBytes;
    this.timeout = timeout;
  }

  /** A source with the default bounds, following redirects as Go's client does. */
  static ImportSource withDefaults() {
    return new ImportSource(() -> DefaultClient.CLIENT, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT);
  }

  /**
   * The default client, made on the first download rather than when the agent starts: its TLS
   * context loads the JDK's whole CA list and it keeps a selector thread, which an idle agent pays
   * for in RSS (its idle footprint is a goal).
   */
  private static final class DefaultClient {
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** The URL {@code fromSrc} names: {@code http://} added when it has no scheme; only http(s) allowed. */
  static URI uriOf(String fromSrc) {
    String text = fromSrc.contains("://") ? fromSrc : "http://" + fromSrc;
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new DockerApiException(400, "unsupported URL scheme \"" + scheme + "\": import from http or https");
      }
      if (uri.getHost() == null) {
        throw new DockerApiException(400, "invalid URL " + fromSrc + ": no host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new DockerApiException(400, "invalid URL " + fromSrc + ": " + e.getMessage());
    }
  }

  /** Starts the download of {@code uri}; the stream fails once it passes the size or time bound. */
  InputStream open(URI uri) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    HttpResponse<InputStream> response;
    try {
      response = client.get().send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + uri + " interrupted", e);
    }
    if (response.statusCode() >= 400) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
      }
      String message = "failed to GET " + uri + " with status " + status(response.statusCode()) + ": " + body;
      int answer = switch (response.statusCode()) {
        case 400, 401, 403, 404 -> response.statusCode();
        default -> 500;
      };
      throw new DockerApiException(answer, message);
    }
    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (length > maxBytes) {
      response.body().close();
      throw tooLarge(uri);
    }
    return new Bounded(response.body(), uri, deadline);
  }

  private DockerApiException tooLarge(URI uri) {
    return new DockerApiException(400, "download of " + uri + " is larger than the limit of " + maxBytes + " bytes");
  }

  /** Go's {@code resp.Status}: the code and its reason phrase. */
  private static String status(int code) {
    String reason = switch (code) {
      case 400 -> " Bad Request";
      case 401 -> " Unauthorized";
      case 403 -> " Forbidden";
      case 404 -> " Not Found";
      case 500 -> " Internal Server Error";
      case 502 -> " Bad Gateway";
      case 503 -> " Service Unavailable";
      default -> "";
    };
    return code + reason;
  }

  /** The body, failing once it passes the byte bound or the deadline. */
  private final class Bounded extends FilterInputStream {
    private final URI uri;
    private final Instant deadline;
    private long read;

    Bounded(InputStream in, URI uri, Instant deadline) {
      super(in);
      this.uri = uri;
      this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (Instant.now().isAfter(deadline)) {
        throw new IOException("download of " + uri + " took longer than " + timeout);
      }
      int n = super.read(buffer, offset, length);
      if (n > 0 && (read += n) > maxBytes) {
        throw new IOException(tooLarge(uri).getMessage());
      }
      return n;
    }
  }
}
