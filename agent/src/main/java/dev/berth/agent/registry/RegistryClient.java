package dev.berth.agent.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.content.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A client of one registry speaking the OCI Distribution protocol: manifests and blobs in and out,
 * with Docker's auth (a {@code 401} challenge answered by Basic credentials, or by a bearer token
 * fetched from the challenge's realm with them). Its base URL says HTTP or HTTPS: {@link RegistryAccess}
 * chooses ({@link InsecureRegistries}). A blob goes up in an upload session, started plainly or by
 * asking the registry to mount the blob from another repository (which, when it cannot, starts one).
 */
public final class RegistryClient {
  /** The manifest types a pull accepts. */
  public static final String MANIFEST_TYPES = String.join(",",
      "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
      "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json");
  private static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1: over plain HTTP the JDK client would try an h2c upgrade, and a large upload on it
  // ends in "GOAWAY received" from the control plane.
  private static final HttpClient HTTP = configure(HttpClient.newBuilder()).build();

  private final URI base;
  private final Optional<RegistryCredentials> credentials;
  private final HttpClient http;
  private volatile String authorization;

  /** A client of the registry at {@code base} (scheme://host[:port]) using {@code credentials} when challenged. */
  public RegistryClient(URI base, Optional<RegistryCredentials> credentials) {
    this(base, credentials, HTTP);
  }

  /** A client of the registry at {@code base} (scheme://host[:port]) sending through {@code http} (see {@link #configure}). */
  public RegistryClient(URI base, Optional<RegistryCredentials> credentials, HttpClient http) {
    this.base = base;
    this.credentials = credentials;
    this.http = http;
  }

  /** What every registry client's HTTP client needs: HTTP/1.1, a connect timeout, redirects followed. */
  public static HttpClient.Builder configure(HttpClient.Builder builder) {
    return builder.version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(15))
        .followRedirects(HttpClient.Redirect.NORMAL);
  }

  /** Where this client sends its requests. */
  URI base() {
    return base;
  }

  /** A manifest as the registry sent it. */
  public record Manifest(String mediaType, Digest digest, byte[] content) {}

  /** Checks the credentials: {@code GET /v2/}, authenticating if challenged. */
  public void login() throws IOException {
    send(HttpRequest.newBuilder(uri("/v2/")).GET(), List.of(), HttpResponse.BodyHandlers.ofByteArray(), 200);
  }

  /** The manifest {@code reference} (tag or digest) of {@code repository}, verified if asked for by digest. */
  public Manifest manifest(String repository, String reference) throws IOException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference))
        .header("Accept", MANIFEST_TYPES).GET(), repository + ":pull", HttpResponse.BodyHandlers.ofByteArray(), 200);
    Digest digest = Digest.of(response.body());
    if (reference.startsWith("sha256:") && !Digest.parse(reference).equals(digest)) {
      throw new IOException("manifest " + reference + " from " + base + " has digest " + digest);
    }
    String type = response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    if (type.isEmpty() || type.equals("application/json")) {
      type = JSON.readTree(response.body()).path("mediaType").asText("");
    }
    return new Manifest(type, digest, response.body());
  }

  /** Reads a blob (the caller verifies its digest). */
  public InputStream blob(String repository, Digest digest) throws IOException {
    return send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest)).GET(), repository + ":pull",
        HttpResponse.BodyHandlers.ofInputStream(), 200).body();
  }

  /** Whether the registry has the blob in {@code repository}. */
  public boolean hasBlob(String repository, Digest digest) throws IOException {
    HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()), repository + ":pull", HttpResponse.BodyHandlers.ofByteArray(), -1);
    return response.statusCode() == 200;
  }

  /** The answer to a mount request: mounted, or the upload session the registry started instead. */
  public record Mount(boolean mounted, Optional<URI> upload) {}

  /**
   * Asks the registry to mount the blob {@code digest} into {@code repository} from {@code from}
   * (same registry) with no bytes sent: {@code 201} mounted, {@code 202} not (then the session it
   * started is in the answer).
   */
  public Mount mountBlob(String repository, Digest digest, String from) throws IOException {
    String query = "?mount=" + digest + "&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8);
    HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/" + query))
        .POST(HttpRequest.BodyPublishers.noBody()), List.of(repository + ":pull,push", from + ":pull"),
        HttpResponse.BodyHandlers.ofByteArray(), -1);
    if (answer.statusCode() == 201) {
      return new Mount(true, Optional.empty());
    }
    check(answer, 202);
    return new Mount(false, Optional.of(location(answer)));
  }

  /** Starts an upload session in {@code repository}; returns where the blob goes. */
  public URI startUpload(String repository) throws IOException {
    return location(send(HttpRequest.newBuilder(uri("/v2/" + repository + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()), repository + ":pull,push", HttpResponse.BodyHandlers.ofByteArray(), 202));
  }

  /**
   * Uploads {@code file} as the blob {@code digest} into the session {@code upload} of
   * {@code repository}; {@code sent} hears the bytes sent so far as they go (on the HTTP client's
   * threads).
   */
  public void upload(String repository, URI upload, Digest digest, Path file, LongConsumer sent) throws IOException {
    String separator = upload.getQuery() == null ? "?" : "&";
    send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
            .header("Content-Type", "application/octet-stream"), () -> ofFile(file, sent),
        List.of(repository + ":pull,push"), HttpResponse.BodyHandlers.ofByteArray(), 201);
  }

  /** Uploads {@code file} as the blob {@code digest} of {@code repository} in a new session. */
  public void pushBlob(String repository, Digest digest, Path file, LongConsumer sent) throws IOException {
    upload(repository, startUpload(repository), digest, file, sent);
  }

  /** Cancels the upload session {@code upload}, best effort (a registry expires sessions anyway). */
  public void cancelUpload(String repository, URI upload) {
    try {
      send(HttpRequest.newBuilder(upload).DELETE(), repository + ":pull,push", HttpResponse.BodyHandlers.ofByteArray(), -1);
    } catch (IOException ignored) {
      // the session expires on its own
    }
  }

  private URI location(HttpResponse<byte[]> started) throws IOException {
    return base.resolve(started.headers().firstValue("Location")
        .orElseThrow(() -> new IOException("registry " + base + " started an upload without a Location")));
  }

  /** Puts a manifest under {@code reference}; returns its digest. */
  public Digest pushManifest(String repository, String reference, String mediaType, byte[] content) throws IOException {
    send(HttpRequest.newBuilder(uri("/v2/" + repository + "/manifests/" + reference)).header("Content-Type", mediaType),
        () -> HttpRequest.BodyPublishers.ofByteArray(content), List.of(repository + ":pull,push"),
        HttpResponse.BodyHandlers.ofByteArray(), 201);
    return Digest.of(content);
  }

  // Streamed without a Content-Length (chunked), as podman and docker send layers: a registry may
  // refuse a declared length over its body limit (Quarkus's is 10 MiB) before reading anything.
  private static HttpRequest.BodyPublisher ofFile(Path file, LongConsumer sent) {
    Flow.Publisher<ByteBuffer> bytes;
    try {
      bytes = HttpRequest.BodyPublishers.ofFile(file);
    } catch (java.io.FileNotFoundException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return HttpRequest.BodyPublishers.fromPublisher(subscriber -> bytes.subscribe(new Flow.Subscriber<ByteBuffer>() {
      private long count;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscriber.onSubscribe(subscription);
      }

      @Override
      public void onNext(ByteBuffer buffer) {
        count += buffer.remaining(); // before the client takes it
        subscriber.onNext(buffer);
        sent.accept(count);
      }

      @Override
      public void onError(Throwable failure) {
        subscriber.onError(failure);
      }

      @Override
      public void onComplete() {
        subscriber.onComplete();
      }
    }));
  }

  private URI uri(String path) {
    return base.resolve(path);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, String scope, HttpResponse.BodyHandler<T> handler,
      int expected) throws IOException {
    return send(request, null, List.of(scope), handler, expected);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, List<String> scopes, HttpResponse.BodyHandler<T> handler,
      int expected) throws IOException {
    return send(request, null, scopes, handler, expected);
  }

  /**
   * Sends the request (with a fresh body from {@code body} each time), answering one auth
   * challenge with a token for {@code scopes} ({@code name:actions}) unless the challenge names its own.
   */
  private <T> HttpResponse<T> send(HttpRequest.Builder request, Supplier<HttpRequest.BodyPublisher> body,
      List<String> scopes, HttpResponse.BodyHandler<T> handler, int expected) throws IOException {
    HttpResponse<T> response = attempt(request, body, handler);
    if (response.statusCode() == 401) {
      drain(response);
      authenticate(Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse("")), scopes);
      response = attempt(request, body, handler);
    }
    if (expected >= 0) {
      check(response, expected);
    }
    return response;
  }

  private <T> HttpResponse<T> attempt(HttpRequest.Builder request, Supplier<HttpRequest.BodyPublisher> body,
      HttpResponse.BodyHandler<T> handler) throws IOException {
    if (body != null) {
      request.PUT(body.get()); // every body this client sends is a PUT
    }
    if (authorization != null) {
      request.setHeader("Authorization", authorization);
    }
    try {
      return http.send(request.timeout(Duration.ofMinutes(10)).build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted talking to " + base, e);
    } catch (java.net.ConnectException e) {
      throw new IOException("cannot reach registry " + base + ": connection refused", e);
    }
  }

  private void authenticate(Challenge challenge, List<String> scopes) throws IOException {
    if (!challenge.isBearer()) {
      if (credentials.isEmpty()) {
        throw new RegistryError(401, "no basic auth credentials");
      }
      authorization = credentials.get().basic();
      return;
    }
    String realm = challenge.parameters().get("realm");
    if (realm == null) {
      throw new RegistryError(401, "registry " + base + " sent a bearer challenge without a realm");
    }
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    url.append("service=").append(URLEncoder.encode(challenge.parameters().getOrDefault("service", ""), StandardCharsets.UTF_8));
    String given = challenge.parameters().get("scope");
    List<String> wanted = given != null ? List.of(given) : scopes.stream().map(s -> "repository:" + s).toList();
    for (String scope : wanted) {
      url.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    }
    HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(url.toString())).GET();
    credentials.ifPresent(c -> tokenRequest.header("Authorization", c.basic()));
    try {
      HttpResponse<byte[]> response = http.send(tokenRequest.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new RegistryError(401, "unauthorized: " + errorMessage(response.body(), "authentication required"));
      }
      JsonNode token = JSON.readTree(response.body());
      String value = token.path("token").asText(token.path("access_token").asText(""));
      authorization = "Bearer " + value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching a token from " + realm, e);
    }
  }

  private <T> void check(HttpResponse<T> response, int expected) throws IOException {
    if (response.statusCode() == expected) {
      return;
    }
    byte[] body = response.body() instanceof byte[] bytes ? bytes
        : response.body() instanceof InputStream in ? in.readAllBytes() : new byte[0];
    String fallback = response.request().method() + " " + response.uri() + ": status " + response.statusCode();
    throw new RegistryError(response.statusCode(), errorMessage(body, fallback));
  }

  private static String errorMessage(byte[] body, String fallback) {
    try {
      JsonNode error = JSON.readTree(body).path("errors").path(0);
      if (error.isObject()) {
        return error.path("code").asText("").toLowerCase().replace('_', ' ') + ": " + error.path("message").asText("");
      }
    } catch (IOException | RuntimeException notJson) {
      // fall through
    }
    return fallback;
  }

  private static <T> void drain(HttpResponse<T> response) throws IOException {
    if (response.body() instanceof InputStream in) {
      in.close();
    }
  }
}
