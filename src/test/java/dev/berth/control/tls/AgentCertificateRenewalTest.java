package dev.berth.control.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.fleet.Host;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.tls.Pem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real agent renews its client certificate two thirds of the way through its validity (15 s
 * here), with a new key pair, and links with the renewed one after its first has expired. Runs in
 * a profile of its own (the short validity), so its control plane is not the other tests'.
 */
@QuarkusTest
@TestProfile(AgentCertificateRenewalTest.ShortLivedCertificates.class)
class AgentCertificateRenewalTest {
  @TestHTTPResource("/") URL controlPlane;

  /** Agents' certificates valid for 15 s. */
  public static class ShortLivedCertificates implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("berth.agent-certificate.validity", "PT15S");
    }
  }

  @Test
  void theAgentRenewsItsCertificateAndReconnectsWithTheNewOneAfterTheOldExpired() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "renewing")) {
      Path state = agent.dataDir().resolve("state");
      X509Certificate first = certificate(state.resolve("agent.crt"));
      String firstKey = Files.readString(state.resolve("agent.key"));

      agent.await("the certificate renewed", Duration.ofSeconds(20), () -> !fingerprintOf("renewing").equals(Pem.fingerprint(first)));
      agent.await("the agent holding the renewed certificate", Duration.ofSeconds(5),
          () -> fingerprintOf("renewing").equals(Pem.fingerprint(certificate(state.resolve("agent.crt")))));
      assertNotEquals(firstKey, Files.readString(state.resolve("agent.key")), "a new key pair");
      assertTrue(pair(Files.readString(state.resolve("agent.key")), certificate(state.resolve("agent.crt"))),
          "the key and certificate on disk are one pair");
      assertTrue(agent.online(), "the link stays up through the renewal");
      assertTrue(agent.output().contains("renewed this agent's client certificate"), agent.output());

      agent.await("the first certificate expired", Duration.ofSeconds(20),
          () -> Instant.now().isAfter(first.getNotAfter().toInstant().plusSeconds(1)));
      agent.kill();
      agent.await("host renewing offline", Duration.ofSeconds(15), () -> !agent.online());
      agent.restart();
      agent.await("host renewing online again with its renewed certificate", Duration.ofSeconds(30), agent::online);
    } finally {
      Admin.api().delete("/api/v1/hosts/renewing");
    }
  }

  private static String fingerprintOf(String host) {
    return QuarkusTransaction.requiringNew().call(() -> Host.findByName(host).orElseThrow().certFingerprint);
  }

  private static X509Certificate certificate(Path file) {
    try {
      return Pem.certificates(Files.readString(file)).get(0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code privateKeyPem} is the key of {@code certificate}: what it signs, the certificate's key verifies. */
  private static boolean pair(String privateKeyPem, X509Certificate certificate) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(Pem.privateKey(privateKeyPem));
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(certificate.getPublicKey());
    verifier.update(new byte[] {1, 2, 3});
    return verifier.verify(signature);
  }
}
