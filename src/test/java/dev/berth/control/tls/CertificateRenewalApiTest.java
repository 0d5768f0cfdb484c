package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.control.fleet.Host;
import dev.berth.control.fleet.HostCertificate;
import dev.berth.control.support.Admin;
import dev.berth.control.support.BerthTls;
import dev.berth.tls.Pem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * An agent renews its certificate over mutual TLS ({@code POST /agent/certificate}) for a new key:
 * the control plane records the new one as the host's latest, the old one keeps opening the link
 * until it expires, only a certificate (not the bearer secret) proves the agent, and removing the
 * host refuses every certificate it had.
 */
@QuarkusTest
class CertificateRenewalApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRenewedCertificateAndTheOldOneBothOpenTheLinkUntilTheHostIsRemoved() throws Exception {
    KeyPair firstKeys = BerthCa.newKeyPair();
    JsonNode enrolled = enroll("renew-api", firstKeys);
    SSLContext first = BerthTls.context(firstKeys.getPrivate(), List.of(certificate(enrolled.path("certificate"))));

    KeyPair secondKeys = BerthCa.newKeyPair();
    HttpResponse<String> renewed = renew(first, null, secondKeys);
    assertEquals(201, renewed.statusCode(), renewed.body());
    X509Certificate second = certificate(JSON.readTree(renewed.body()).path("certificate"));
    second.verify(BerthTls.ca().getPublicKey());
    assertEquals(secondKeys.getPublic(), second.getPublicKey());
    assertTrue(second.getSubjectX500Principal().getName().contains("CN=renew-api"));
    Host host = QuarkusTransaction.requiringNew().call(() -> Host.findByName("renew-api").orElseThrow());
    assertEquals(Pem.fingerprint(second), host.certFingerprint);
    assertEquals(2L, (long) QuarkusTransaction.requiringNew().call(() -> HostCertificate.count("host.id", host.id)));

    SSLContext renewedTls = BerthTls.context(secondKeys.getPrivate(), List.of(second));
    openLink(first).abort();
    openLink(renewedTls).abort();

    Admin.api().delete("/api/v1/hosts/renew-api").then().statusCode(200);
    assertEquals(401, refusal(first));
    assertEquals(401, refusal(renewedTls));
    assertEquals(401, renew(renewedTls, null, BerthCa.newKeyPair()).statusCode());
  }

  @Test
  void renewalNeedsTheCertificateAndAGoodKey() throws Exception {
    KeyPair keys = BerthCa.newKeyPair();
    JsonNode enrolled = enroll("renew-api-refused", keys);
    SSLContext tls = BerthTls.context(keys.getPrivate(), List.of(certificate(enrolled.path("certificate"))));
    try {
      // An agent holding a certificate is not taken on its bearer secret alone, nor is anyone without it.
      assertEquals(401, renew(BerthTls.context(null, List.of()), enrolled.path("credential").asText(),
          BerthCa.newKeyPair()).statusCode());
      assertEquals(401, renew(BerthTls.context(null, List.of()), null, BerthCa.newKeyPair()).statusCode());
      HttpResponse<String> badKey = send(tls, null, "{\"publicKey\":\"not a key\"}");
      assertEquals(400, badKey.statusCode(), badKey.body());
      String fingerprint = Pem.fingerprint(certificate(enrolled.path("certificate")));
      assertEquals(fingerprint, QuarkusTransaction.requiringNew().call(
          () -> Host.findByName("renew-api-refused").orElseThrow().certFingerprint));
    } finally {
      Admin.api().delete("/api/v1/hosts/renew-api-refused");
    }
  }

  @Test
  void overPlainHttpTheAgentsBearerCredentialRenews() throws Exception {
    JsonNode enrolled = enroll("renew-api-plain", BerthCa.newKeyPair());
    try {
      KeyPair keys = BerthCa.newKeyPair();
      String answer = RestAssured.given().header("Authorization", "Bearer " + enrolled.path("credential").asText())
          .contentType("application/json").body(JSON.createObjectNode()
              .put("publicKey", Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded())).toString())
          .post("/agent/certificate").then().statusCode(201).extract().asString();
      assertEquals(keys.getPublic(), certificate(JSON.readTree(answer).path("certificate")).getPublicKey());
    } finally {
      Admin.api().delete("/api/v1/hosts/renew-api-plain");
    }
  }

  private static JsonNode enroll(String name, KeyPair keys) throws Exception {
    String publicKey = Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()).replace("\n", "\\n");
    String answer = RestAssured.given().contentType("application/json")
        .body("{\"name\":\"" + name + "\",\"token\":\"" + Admin.joinToken() + "\",\"publicKey\":\"" + publicKey + "\"}")
        .post("/api/v1/enroll").then().statusCode(201).extract().asString();
    return JSON.readTree(answer);
  }

  private static X509Certificate certificate(JsonNode pem) throws Exception {
    return Pem.certificates(pem.asText()).get(0);
  }

  private static HttpResponse<String> renew(SSLContext tls, String bearer, KeyPair keys) throws Exception {
    return send(tls, bearer, JSON.writeValueAsString(JSON.createObjectNode()
        .put("publicKey", Pem.encode("PUBLIC KEY", keys.getPublic().getEncoded()))));
  }

  private static HttpResponse<String> send(SSLContext tls, String bearer, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BerthTls.httpsUrl() + "/agent/certificate"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HttpClient.newBuilder().sslContext(tls).build().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static WebSocket openLink(SSLContext tls) throws Exception {
    URI uri = URI.create(BerthTls.httpsUrl().toString().replaceFirst("^https", "wss") + "/agent/link");
    return HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
        .buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
  }

  private static int refusal(SSLContext tls) throws Exception {
    try {
      openLink(tls).abort();
      return 101;
    } catch (ExecutionException refused) {
      assertNotEquals(null, refused.getCause());
      return ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }
  }
}
