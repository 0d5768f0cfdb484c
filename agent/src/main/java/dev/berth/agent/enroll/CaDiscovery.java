package dev.berth.agent.enroll;

import dev.berth.tls.Pem;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Finds Berth's CA for a new host from its join token alone (as kubeadm's
 * {@code --discovery-token-ca-cert-hash} does): fetches the CA certificate the control plane
 * publishes and accepts it only when its SHA-256 fingerprint is the one the token carries. The
 * fetch itself trusts nothing and sends nothing secret; the fingerprint is the proof, and the
 * join token then travels only over TLS verified by the CA found.
 *
 * <pre>
 * GET {controlPlane}/api/v1/ca-certificate   (open)
 * 200 application/x-pem-file                 Berth's CA certificate
 * </pre>
 */
public final class CaDiscovery {
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final URI caUri;

  /** Discovery against the control plane at {@code controlPlane}. */
  public CaDiscovery(URI controlPlane) {
    String base = controlPlane.toString();
    this.caUri = URI.create(base.endsWith("/") ? base : base + "/").resolve("api/v1/ca-certificate");
  }

  /** Berth's CA certificate, if its fingerprint is {@code fingerprint}; fails with a clear message otherwise. */
  public X509Certificate fetch(String fingerprint) throws IOException, InterruptedException {
    HttpResponse<String> response;
    try {
      HttpClient http = HttpClient.newBuilder().sslContext(trustingAnything()).connectTimeout(TIMEOUT).build();
      response = http.send(HttpRequest.newBuilder(caUri).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new IOException("cannot fetch Berth's CA certificate from " + caUri + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("cannot fetch Berth's CA certificate from " + caUri + ": HTTP " + response.statusCode()
          + " (a control plane older than join tokens with a CA fingerprint? then pass --ca-cert)");
    }
    X509Certificate ca;
    try {
      List<X509Certificate> certificates = Pem.certificates(response.body());
      ca = certificates.get(0);
    } catch (GeneralSecurityException e) {
      throw new IOException("the control plane at " + caUri + " sent no readable CA certificate: " + e.getMessage(), e);
    }
    String found = Pem.fingerprint(ca);
    if (!found.equals(fingerprint)) {
      throw new IOException("the CA certificate of the control plane at " + caUri + " has SHA-256 fingerprint "
          + found + ", not " + fingerprint + " as the join token says: not enrolling (wrong control-plane URL,"
          + " a token of another Berth, or someone in between)");
    }
    return ca;
  }

  // Only for fetching public data whose fingerprint is checked afterwards.
  private static SSLContext trustingAnything() throws IOException {
    TrustManager anything = new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {anything}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS to fetch Berth's CA certificate: " + e.getMessage(), e);
    }
  }
}
