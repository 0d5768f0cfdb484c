package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.control.fleet.Host;
import dev.berth.control.support.Admin;
import dev.berth.control.support.BerthTls;
import dev.berth.tls.Pem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The agents' link is mutual TLS: enrollment issues a client certificate naming the host, the
 * link accepts that certificate (and, for such a host, nothing else), and refuses certificates of
 * other CAs, clients without one, and a removed host's certificate.
 */
@QuarkusTest
class AgentLinkMutualTlsTest {

  /** An agent enrolled by hand: its key pair, its certificate and its bearer secret. */
  private record Enrolled(KeyPair keys, X509Certificate certificate, String credential) {
    SSLContext tls() {
      return BerthTls.context(keys.getPrivate(), List.of(certificate));
    }
  }

  @Test
  void enrollmentIssuesACertificateNamingTheHostFromBerthsCa() throws Exception {
    KeyPair keys = BerthCa.newKeyPair();
    ExtractableResponse<Response> answer = enroll("tls-identity", keys);
    X509Certificate certificate = Pem.certificates(answer.path("certificate")).get(0);
    X509Certificate ca = Pem.certificates(answer.path("caCertificate")).get(0);

    assertEquals(BerthTls.ca(), ca);
    certificate.verify(ca.getPublicKey());
    assertEquals(keys.getPublic(), certificate.getPublicKey());
    assertTrue(certificate.getSubjectX500Principal().getName().contains("CN=tls-identity"),
        certificate.getSubjectX500Principal().getName());
    assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "usable for TLS client authentication");
    assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
    Host host = QuarkusTransaction.requiringNew().call(() -> Host.findByName("tls-identity").orElseThrow());
    assertEquals(Pem.fingerprint(certificate), host.certFingerprint);
    assertEquals(certificate.getSerialNumber().toString(16), host.certSerial);
  }

  @Test
  void aBadPublicKeyIsRefusedAndLeavesTheTokenUnused() {
    String token = Admin.joinToken();
    RestAssured.given().contentType("application/json")
        .body("{\"name\":\"tls-bad-key\",\"token\":\"" + token + "\",\"publicKey\":\"not a key\"}")
        .post("/api/v1/enroll").then().statusCode(400);
    RestAssured.given().contentType("application/json").body("{\"name\":\"tls-bad-key\",\"token\":\"" + token + "\"}")
        .post("/api/v1/enroll").then().statusCode(201);
  }

  @Test
  void theLinkOpensWithTheAgentsCertificateOnly() throws Exception {
    Enrolled agent = enroll("tls-link");
    WebSocket link = open(agent.tls(), null, new CompletableFuture<>());
    link.abort();

    // Without a certificate: neither nothing nor the host's bearer secret opens it.
    assertRefused(401, BerthTls.context(null, List.of()), null);
    assertRefused(401, BerthTls.context(null, List.of()), agent.credential());
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    Enrolled agent = enroll("tls-foreign");
    BerthCa foreign = BerthCa.openOrCreate(Files.createTempDirectory("foreign-ca"));
    // Same host name and even the same key: only Berth's CA makes a certificate count.
    X509Certificate forged = foreign.issue("tls-foreign", agent.keys().getPublic(), BerthCa.Usage.CLIENT, List.of(),
        java.time.Duration.ofDays(1));
    try {
      open(BerthTls.context(agent.keys().getPrivate(), List.of(forged)), null, new CompletableFuture<>()).abort();
      fail("a certificate of another CA opened the link");
    } catch (ExecutionException refused) {
      // the TLS handshake fails (the CA is not trusted), or the upgrade is answered 401
      assertTrue(!(refused.getCause() instanceof WebSocketHandshakeException handshake)
          || handshake.getResponse().statusCode() == 401, refused.toString());
    }
  }

  @Test
  void removingTheHostClosesItsLinkAndRefusesItsCertificateAfterwards() throws Exception {
    Enrolled agent = enroll("tls-removed");
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket link = open(agent.tls(), null, closed);
    Admin.api().delete("/api/v1/hosts/tls-removed").then().statusCode(200);
    assertNotEquals(null, closed.get(5, TimeUnit.SECONDS));
    link.abort();

    assertRefused(401, agent.tls(), null);
  }

  private static Enrolled enroll(String name) throws Exception {
    KeyPair keys = BerthCa.newKeyPair();
    ExtractableResponse<Response> answer = enroll(name, keys);
    return new Enrolled(keys, Pem.certificates(answer.path("certificate")).get(0), answer.path("credential"));
  }

  private static ExtractableResponse<Response> enroll(String name, KeyPair keys) {
    String publicKey = Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()).replace("\n", "\\n");
    return RestAssured.given().contentType("application/json")
        .body("{\"name\":\"" + name + "\",\"token\":\"" + Admin.joinToken() + "\",\"publicKey\":\"" + publicKey + "\"}")
        .post("/api/v1/enroll").then().statusCode(201).extract();
  }

  private static WebSocket open(SSLContext tls, String bearer, CompletableFuture<Integer> closed) throws Exception {
    WebSocket.Builder builder = HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder();
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    URI uri = URI.create(BerthTls.httpsUrl().toString().replaceFirst("^https", "wss") + "/agent/link");
    return builder.buildAsync(uri, new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        closed.complete(code);
        return null;
      }

      @Override
      public void onError(WebSocket socket, Throwable error) {
        closed.complete(-1);
      }
    }).get(10, TimeUnit.SECONDS);
  }

  private static void assertRefused(int status, SSLContext tls, String bearer) throws Exception {
    try {
      open(tls, bearer, new CompletableFuture<>()).abort();
      fail("the link opened");
    } catch (ExecutionException refused) {
      if (!(refused.getCause() instanceof WebSocketHandshakeException handshake)) {
        throw refused;
      }
      assertEquals(status, handshake.getResponse().statusCode());
    }
  }
}
