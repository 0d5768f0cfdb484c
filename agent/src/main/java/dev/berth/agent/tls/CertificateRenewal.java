package dev.berth.agent.tls;

import dev.berth.util.Log;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.enroll.AgentCredential;
import dev.berth.tls.Pem;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews this agent's client certificate before it expires: two thirds of the way through its
 * validity it generates a new key pair, asks the control plane for a certificate of the new public
 * key (proving itself with the current certificate, as on its link), checks the answer (signed by
 * the pinned CA, for this key) and replaces key and certificate ({@link AgentTls#replace}); the next
 * connection presents them. The old certificate stays valid until it expires. A failed attempt is
 * retried after a tenth of the time left (a second to ten minutes).
 *
 * <pre>
 * POST {controlPlane}/agent/certificate   {"publicKey": "PEM of the new public key"}
 * 201  {"certificate": "PEM", "notAfter": "…"}
 * </pre>
 */
public final class CertificateRenewal implements AutoCloseable {
  /** How far through its validity a certificate is renewed. */
  static final double RENEW_AT = 2.0 / 3;
  private static final System.Logger LOG = Log.of(CertificateRenewal.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MIN_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofMinutes(10);

  private final List<URI> renewUris;
  private final AgentCredential credential;
  private final AgentTls tls;
  private final ControlPlaneHttp http;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "certificate-renewal");
    thread.setDaemon(true);
    return thread;
  });

  /**
   * Renewal of the certificate {@code tls} holds, at the control plane's {@code replicas} (tried in
   * turn); over plain http (no certificate to show) the agent proves itself with {@code credential}.
   */
  public CertificateRenewal(List<URI> replicas, AgentCredential credential, AgentTls tls) {
    this.credential = credential;
    this.renewUris = replicas.stream().map(uri -> {
      String base = uri.toString();
      return URI.create(base.endsWith("/") ? base : base + "/").resolve("agent/certificate");
    }).toList();
    this.tls = tls;
    this.http = new ControlPlaneHttp(tls, builder -> builder.connectTimeout(Duration.ofSeconds(10)));
  }

  /** Schedules the renewal of the current certificate (nothing when the agent has none). */
  public void start() throws IOException {
    Optional<X509Certificate> current = tls.certificate();
    if (current.isPresent()) {
      later(Duration.between(Instant.now(), dueAt(current.get())));
    }
  }

  /** When {@code certificate} is due for renewal: two thirds of the way through its validity. */
  static Instant dueAt(X509Certificate certificate) {
    long notBefore = certificate.getNotBefore().getTime();
    long notAfter = certificate.getNotAfter().getTime();
    return Instant.ofEpochMilli(notBefore + (long) ((notAfter - notBefore) * RENEW_AT));
  }

  /** Renews the certificate now; returns the new one, already in place for the next connection. */
  public X509Certificate renew() throws IOException, InterruptedException {
    KeyPair keys = AgentTls.newKeyPair();
    byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode()
        .put("publicKey", Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded())));
    IOException failure = null;
    for (URI uri : renewUris) {
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Content-Type", "application/json").header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if ("http".equals(uri.getScheme())) {
        request.header("Authorization", "Bearer " + credential.credential());
      }
      try {
        HttpResponse<byte[]> response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 201) {
          throw new IOException("the control plane at " + uri + " refused to renew this agent's certificate: HTTP "
              + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8));
        }
        String pem = JSON.readTree(response.body()).path("certificate").asText("");
        X509Certificate renewed = checked(pem, keys);
        tls.replace(keys.getPrivate(), pem);
        return renewed;
      } catch (IOException e) {
        failure = e;
      }
    }
    throw failure;
  }

  /** The certificate in {@code pem}, if it is for {@code keys} and signed by a pinned CA. */
  private X509Certificate checked(String pem, KeyPair keys) throws IOException {
    X509Certificate certificate;
    try {
      certificate = Pem.certificates(pem).get(0);
      certificate.checkValidity();
    } catch (GeneralSecurityException e) {
      throw new IOException("the control plane sent no valid certificate: " + e.getMessage(), e);
    }
    if (!certificate.getPublicKey().equals(keys.getPublic())) {
      throw new IOException("the control plane sent a certificate for another key");
    }
    for (X509Certificate ca : tls.pinnedCertificates()) {
      try {
        certificate.verify(ca.getPublicKey());
        return certificate;
      } catch (GeneralSecurityException notThisOne) {
        // try the next pinned certificate
      }
    }
    throw new IOException("the renewed certificate is not signed by the pinned CA");
  }

  private void attempt() {
    try {
      X509Certificate renewed = renew();
      LOG.log(Level.INFO, "renewed this agent's client certificate: serial "
          + renewed.getSerialNumber().toString(16) + ", valid until " + renewed.getNotAfter().toInstant());
      later(Duration.between(Instant.now(), dueAt(renewed)));
    } catch (IOException e) {
      Duration retry = retryDelay();
      LOG.log(Level.WARNING, "cannot renew this agent's client certificate (" + e.getMessage() + "): retrying in "
          + retry.toMillis() + " ms");
      later(retry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Duration retryDelay() {
    try {
      Optional<X509Certificate> current = tls.certificate();
      Duration left = current.isEmpty() ? MAX_RETRY
          : Duration.between(Instant.now(), current.get().getNotAfter().toInstant()).dividedBy(10);
      return left.compareTo(MIN_RETRY) < 0 ? MIN_RETRY : left.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : left;
    } catch (IOException unreadable) {
      return MAX_RETRY;
    }
  }

  private void later(Duration wait) {
    timer.schedule(this::attempt, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
