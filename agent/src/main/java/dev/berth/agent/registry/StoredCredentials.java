package dev.berth.agent.registry;

import dev.berth.util.Log;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.lang.System.Logger.Level;

/**
 * The credentials the control plane stores for an external registry (for this host, or the whole
 * fleet), asked for when a pull or push names that registry and brings none:
 * {@code GET /agent/registry-credentials/<registry>} with this agent's credential. They are kept
 * for that one transfer only, never on disk. Nothing stored (404), or the control plane away: the
 * transfer goes on without credentials, and the registry says what it misses.
 */
final class StoredCredentials {
  private static final System.Logger LOG = Log.of(StoredCredentials.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI controlPlane;
  private final Supplier<Optional<String>> agentCredential;
  private final Supplier<HttpClient> http;

  /** Asks {@code controlPlane} through {@code http} (which trusts the control plane's certificate). */
  StoredCredentials(URI controlPlane, Supplier<Optional<String>> agentCredential, Supplier<HttpClient> http) {
    this.controlPlane = controlPlane;
    this.agentCredential = agentCredential;
    this.http = http;
  }

  /** The stored credentials for {@code domain}, if the control plane has any for this host. */
  Optional<RegistryCredentials> lookup(String domain) {
    Optional<String> secret = agentCredential.get();
    if (controlPlane == null || secret.isEmpty()) {
      return Optional.empty();
    }
    URI uri = controlPlane.resolve("/agent/registry-credentials/" + URLEncoder.encode(domain, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
        .header("Authorization", "Bearer " + secret.get()).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> response = http.get().send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return Optional.empty();
      }
      if (response.statusCode() != 200) {
        LOG.log(Level.WARNING, "control plane answered " + response.statusCode()
            + " when asked for credentials of " + domain + ": going without");
        return Optional.empty();
      }
      return RegistryCredentials.fromJson(JSON.readTree(response.body()));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot ask the control plane for credentials of " + domain + ": " + e);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
