package dev.berth.agent.tls;

import dev.berth.agent.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * The HTTP client for the control plane's registry, made on first use (enrollment may pin the CA
 * after the agent's parts are built) and then shared.
 */
public final class ControlPlaneHttp implements Supplier<HttpClient> {
  private final AgentTls tls;
  private volatile HttpClient client;

  /** Clients trusting and presenting what {@code tls} holds. */
  public ControlPlaneHttp(AgentTls tls) {
    this.tls = tls;
  }

  @Override
  public HttpClient get() {
    HttpClient current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          try {
            client = RegistryClient.configure(tls.httpClient()).build();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        current = client;
      }
    }
    return current;
  }
}
