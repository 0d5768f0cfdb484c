package dev.berth.agent.tls;

import dev.berth.agent.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An HTTP client for the control plane, made on first use (enrollment may pin the CA after the
 * agent's parts are built) and then shared until the agent's certificate changes (a renewal): the
 * next request then goes through a new client presenting the new certificate.
 */
public final class ControlPlaneHttp implements Supplier<HttpClient> {
  private final AgentTls tls;
  private final UnaryOperator<HttpClient.Builder> configure;
  private HttpClient client;
  private Optional<FileTime> stamp;

  /** Clients for the control plane's registry, trusting and presenting what {@code tls} holds. */
  public ControlPlaneHttp(AgentTls tls) {
    this(tls, RegistryClient::configure);
  }

  /** Clients trusting and presenting what {@code tls} holds, set up by {@code configure}. */
  public ControlPlaneHttp(AgentTls tls, UnaryOperator<HttpClient.Builder> configure) {
    this.tls = tls;
    this.configure = configure;
  }

  @Override
  public synchronized HttpClient get() {
    try {
      Optional<FileTime> current = tls.certificateStamp();
      if (client == null || !Objects.equals(stamp, current)) {
        client = configure.apply(tls.httpClient()).build();
        stamp = current;
      }
      return client;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
