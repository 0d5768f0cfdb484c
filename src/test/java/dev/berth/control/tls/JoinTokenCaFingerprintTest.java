package dev.berth.control.tls;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.fleet.EnrollmentToken;
import dev.berth.control.security.Secrets;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.People;
import dev.berth.tls.JoinToken;
import dev.berth.tls.Pem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A join token names Berth's CA by its SHA-256 fingerprint, so a real agent given only the token
 * and the URL enrolls over HTTPS: it fetches the CA certificate, accepts it only if the fingerprint
 * matches, and pins it. A token naming another CA enrolls nothing and leaves nothing behind;
 * older tokens (no fingerprint) still enroll with {@code --ca-cert}.
 */
@QuarkusTest
class JoinTokenCaFingerprintTest {
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void aJoinTokenCarriesTheCaFingerprintAndAOneLineCommand() {
    ExtractableResponse<Response> issued = Admin.api().body("{\"ttlSeconds\":60}").post("/api/v1/enrollment-tokens")
        .then().statusCode(201).extract();
    String fingerprint = Pem.fingerprint(BerthTls.ca());
    assertEquals(fingerprint, issued.path("caFingerprint"));
    assertEquals(fingerprint, JoinToken.parse(issued.path("token")).caFingerprint().orElseThrow());
    String command = issued.path("command");
    assertTrue(command.startsWith("berth-agent --control-plane http"), command);
    assertTrue(command.endsWith("--join-token " + issued.path("token")), command);
    assertFalse(command.contains("--ca-cert") || command.contains("\n"), command);
    // The CA certificate is public: anyone may fetch it.
    String pem = given().get("/api/v1/ca-certificate").then().statusCode(200)
        .contentType("application/x-pem-file").extract().asString();
    assertEquals(Pem.certificate(BerthTls.ca()), pem);
  }

  @Test
  void theFleetPageGivesAdminsTheOneLineJoinCommand() {
    CookieFilter session = Admin.webSession();
    String page = given().filter(session).formParam("_csrf", People.csrf(session)).post("/hosts/join-token")
        .then().statusCode(200).extract().asString();
    String command = page.substring(page.indexOf("<code id=\"join-command\">"), page.indexOf("</code>", page.indexOf("join-command")));
    assertTrue(command.contains("berth-agent --control-plane http") && command.contains(" --join-token "
        + JoinToken.PREFIX + Pem.fingerprint(BerthTls.ca()) + "."), command);
    assertFalse(command.contains("--ca-cert"), command);
  }

  @Test
  void anAgentGivenOnlyTheTokenEnrollsOverHttpsAndPinsBerthsCa() throws Exception {
    try (AgentProcess agent = new AgentProcess(controlPlane, "fp-token-only").withoutCaCert()) {
      agent.start(Admin.joinToken());
      agent.await("host fp-token-only coming online", Duration.ofSeconds(30), agent::online);
      String pinned = Files.readString(agent.dataDir().resolve("state/ca.crt"));
      assertEquals(BerthTls.ca(), Pem.certificates(pinned).get(0));
      assertTrue(agent.output().contains("with a client certificate from Berth's CA"), agent.output());

      agent.kill(); // later starts need neither the token nor --ca-cert
      agent.restart();
      agent.await("host fp-token-only online again", Duration.ofSeconds(30), agent::online);
    } finally {
      Admin.api().delete("/api/v1/hosts/fp-token-only");
    }
  }

  @Test
  void aTokenNamingAnotherCaEnrollsNothingAndWritesNothing() throws Exception {
    String genuine = Admin.joinToken();
    String otherCa = "0".repeat(64);
    String forged = JoinToken.prefix(otherCa) + genuine.substring(genuine.indexOf('.') + 1);
    try (AgentProcess agent = new AgentProcess(controlPlane, "fp-wrong").withoutCaCert()) {
      agent.start(forged);
      assertEquals(1, agent.exitCode(Duration.ofSeconds(30)), agent.output());
      assertTrue(agent.output().contains("has SHA-256 fingerprint " + Pem.fingerprint(BerthTls.ca()) + ", not "
          + otherCa + " as the join token says: not enrolling"), agent.output());
      Path state = agent.dataDir().resolve("state");
      for (String file : new String[] {"credential.json", "agent.key", "agent.crt", "ca.crt"}) {
        assertFalse(Files.exists(state.resolve(file)), file + " was written");
      }
    }
    Admin.api().get("/api/v1/hosts/fp-wrong").then().statusCode(404);
    // The agent never even tried: no enrollment, refused or not, is on record.
    assertEquals(0, Admin.api().queryParam("action", "host.enroll").queryParam("host", "fp-wrong")
        .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("$").size());
  }

  @Test
  void anOlderTokenWithoutFingerprintStillEnrollsWithTheGivenCa() throws Exception {
    String older = Secrets.generate(JoinToken.PREFIX);
    assertTrue(JoinToken.parse(older).caFingerprint().isEmpty());
    QuarkusTransaction.requiringNew().run(() -> {
      EnrollmentToken row = new EnrollmentToken();
      row.id = UUID.randomUUID();
      row.tokenHash = Secrets.hash(older);
      row.createdBy = "admin";
      row.createdAt = Instant.now();
      row.expiresAt = row.createdAt.plusSeconds(600);
      row.persist();
    });
    try (AgentProcess agent = new AgentProcess(controlPlane, "fp-older-token")) { // with --ca-cert
      agent.start(older);
      agent.await("host fp-older-token coming online", Duration.ofSeconds(30), agent::online);
    } finally {
      Admin.api().delete("/api/v1/hosts/fp-older-token");
    }
  }
}
