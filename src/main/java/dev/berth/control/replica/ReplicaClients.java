package dev.berth.control.replica;

import dev.berth.control.tls.AgentCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP clients a replica calls the others with (forwarded Docker API calls, hijacked sessions
 * included). An {@code https} replica address is reached over TLS trusting Berth's CA only, the
 * one the replicas share ({@code $BERTH_DATA/tls/ca.crt}), and the peer's certificate must name
 * the address's host: only a replica of this control plane is handed the replicas' secret.
 */
@ApplicationScoped
public class ReplicaClients {
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  @Inject Vertx vertx;
  @Inject AgentCertificates certificates;
  private volatile HttpClient streaming;
  private volatile java.net.http.HttpClient blocking;

  /** The Vert.x client (streams both ways; attach and exec upgrades). */
  public HttpClient streaming() {
    if (streaming == null) {
      synchronized (this) {
        if (streaming == null) {
          streaming = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)
              .setConnectTimeout(CONNECT_TIMEOUT_MILLIS).setVerifyHost(true)
              .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(certificates.caPem()))));
        }
      }
    }
    return streaming;
  }

  /** The JDK client (blocking calls), verifying host names as it always does over TLS. */
  public java.net.http.HttpClient blocking() {
    if (blocking == null) {
      synchronized (this) {
        if (blocking == null) {
          blocking = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS))
              .sslContext(trustingBerthCa()).build();
        }
      }
    }
    return blocking;
  }

  private SSLContext trustingBerthCa() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("berth-ca", certificates.ca().certificate());
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot trust Berth's CA for the other replicas: " + e.getMessage(), e);
    }
  }
}
