package dev.berth.control.tls;

import dev.berth.control.api.ApiProblem;
import dev.berth.tls.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Issues agents their client certificates at enrollment and renewal: Berth's CA signs the public key
 * the agent generated (its private key never leaves the host), naming the host ({@code CN=<host name>}).
 */
@ApplicationScoped
public class AgentCertificates {
  @ConfigProperty(name = "berth.data") Path dataDir;
  /**
   * How long an agent's certificate is valid (never past the CA's own end): 5 years unless
   * {@code berth.agent-certificate.validity} ({@code BERTH_AGENT_CERTIFICATE_VALIDITY}, ISO-8601)
   * says otherwise. Agents renew theirs two thirds of the way through.
   */
  @ConfigProperty(name = "berth.agent-certificate.validity", defaultValue = "P1825D") Duration validity;
  private volatile BerthCa ca;

  /** A client certificate for host {@code hostName} and the agent's {@code publicKeyPem} (PEM SubjectPublicKeyInfo). */
  public X509Certificate issue(String hostName, String publicKeyPem) {
    return ca().issue(hostName, parse(publicKeyPem), BerthCa.Usage.CLIENT, List.of(), validity);
  }

  /** The CA certificate, as PEM. */
  public String caPem() {
    return Pem.certificate(ca().certificate());
  }

  /** Berth's CA (created on first use when TLS is off and nothing created it at start-up). */
  public BerthCa ca() {
    BerthCa current = ca;
    if (current == null) {
      try {
        current = BerthCa.openOrCreate(TlsSettings.directory(dataDir));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ca = current;
    }
    return current;
  }

  /** An EC (P-256 or larger) or RSA (2048 bits or more) public key; 400 for anything else. */
  public static PublicKey parse(String publicKeyPem) {
    List<byte[]> blocks = Pem.blocks(publicKeyPem, "PUBLIC KEY");
    if (blocks.isEmpty()) {
      throw ApiProblem.badRequest("publicKey must be a PEM 'PUBLIC KEY' (X.509 SubjectPublicKeyInfo)");
    }
    for (String algorithm : new String[] {"EC", "RSA"}) {
      try {
        PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(blocks.get(0)));
        if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() < 256
            || key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
          throw ApiProblem.badRequest("publicKey is too weak: EC P-256 or RSA 2048 at least");
        }
        return key;
      } catch (GeneralSecurityException tryNext) {
        // not this algorithm
      }
    }
    throw ApiProblem.badRequest("publicKey is neither an EC nor an RSA public key");
  }
}
