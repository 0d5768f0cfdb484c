package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.BerthTls;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The control plane serves HTTPS with a certificate from Berth's own CA, valid for the loopback names. */
@QuarkusTest
class HttpsTest {

  @Test
  void servesHttpsWithACertificateFromBerthsCa() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(BerthTls.context(null, List.of())).build();
    for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
      URI uri = URI.create("https://" + host + ":" + BerthTls.httpsUrl().getPort() + "/q/health/ready");
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), host);
      X509Certificate server = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
      assertEquals(BerthTls.ca().getSubjectX500Principal(), server.getIssuerX500Principal());
      server.verify(BerthTls.ca().getPublicKey());
    }
  }

  @Test
  void aClientThatDoesNotTrustBerthsCaRefusesTheServer() {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create(BerthTls.httpsUrl() + "/q/health/ready");
    assertThrows(SSLHandshakeException.class, () -> client.send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void caKeyIsReadableByTheOwnerOnly() throws Exception {
    var dir = BerthTls.caFile().getParent();
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(dir.resolve("ca.key"))));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        java.nio.file.Files.getPosixFilePermissions(dir.resolve("server.key"))));
    assertTrue(BerthTls.ca().getBasicConstraints() >= 0, "ca.crt is a CA");
  }
}
