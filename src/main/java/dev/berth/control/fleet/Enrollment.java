package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.Secrets;
import dev.berth.control.tls.AgentCertificates;
import dev.berth.tls.JoinToken;
import dev.berth.tls.Pem;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Join tokens and the enrollment that trades one for a host, its agent credential and (for agents
 * that send the public key of the key pair they generated) a client certificate from Berth's CA.
 */
@ApplicationScoped
public class Enrollment {
  static final Duration MAX_TTL = Duration.ofDays(7);

  /**
   * A join token, shown once, with the SHA-256 fingerprint of Berth's CA certificate it carries
   * (the agent accepts only that CA) and the one line that enrolls a host with it.
   */
  public record IssuedJoinToken(UUID id, String token, Instant expiresAt, String caFingerprint, String command) {}

  /**
   * What a newly enrolled agent receives: its host id, name and secret (for the registry and for
   * agents without a certificate), and, when it sent a public key, its client certificate and
   * Berth's CA certificate (PEM), which it pins.
   */
  public record EnrolledAgent(UUID hostId, String name, String credential, String certificate, String caCertificate) {}

  @Inject AgentCertificates certificates;
  @Inject HostCertificates hostCertificates;

  /**
   * Creates a one-time join token valid for {@code ttl}, anchored to Berth's CA; {@code controlPlane}
   * is the URL agents reach the control plane at (for the command shown).
   */
  @Transactional
  public IssuedJoinToken createJoinToken(String createdBy, Duration ttl, String controlPlane) {
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw ApiProblem.badRequest("ttlSeconds must be between 1 and " + MAX_TTL.toSeconds());
    }
    String caFingerprint = Pem.fingerprint(certificates.ca().certificate());
    String token = Secrets.generate(JoinToken.prefix(caFingerprint));
    EnrollmentToken row = new EnrollmentToken();
    row.id = UUID.randomUUID();
    row.tokenHash = Secrets.hash(token);
    row.createdBy = createdBy;
    row.createdAt = Instant.now();
    row.expiresAt = row.createdAt.plus(ttl);
    row.persist();
    return new IssuedJoinToken(row.id, token, row.expiresAt, caFingerprint,
        "berth-agent --control-plane " + controlPlane + " --name \"$(hostname)\" --join-token " + token);
  }

  /**
   * Enrolls a host: checks everything first, then, in one transaction, uses up the token and
   * creates the host and its credential, so a refused enrollment leaves nothing behind.
   */
  @Transactional
  public EnrolledAgent enroll(String name, String token, JsonNode facts, String publicKey) {
    if (name == null || !name.matches(Host.NAME_PATTERN)) {
      throw ApiProblem.badRequest("host name must match " + Host.NAME_PATTERN);
    }
    if (publicKey != null) {
      AgentCertificates.parse(publicKey); // a bad key is refused before the token is used up
    }
    if (token == null || token.isBlank()) {
      throw new ApiProblem(401, "a join token is required");
    }
    Instant now = Instant.now();
    EnrollmentToken joinToken = EnrollmentToken.<EnrollmentToken>find("tokenHash", Secrets.hash(token))
        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
        .filter(t -> t.usedAt == null && now.isBefore(t.expiresAt))
        .orElseThrow(() -> new ApiProblem(401, "join token is invalid, expired or already used"));
    if (Host.findByName(name).isPresent()) {
      throw ApiProblem.conflict("a host named '" + name + "' is already enrolled: remove it first or choose another name");
    }
    Host host = new Host();
    host.id = UUID.randomUUID();
    host.name = name;
    host.labels = JsonNodeFactory.instance.objectNode();
    host.facts = facts != null && facts.isObject() ? facts : JsonNodeFactory.instance.objectNode();
    host.createdAt = now;
    host.persist();
    X509Certificate certificate = publicKey == null ? null : hostCertificates.issue(host, publicKey);

    String secret = Secrets.generate(Secrets.AGENT_PREFIX);
    AgentCredential credential = new AgentCredential();
    credential.id = UUID.randomUUID();
    credential.host = host;
    credential.secretHash = Secrets.hash(secret);
    credential.createdAt = now;
    credential.persist();

    joinToken.usedAt = now;
    joinToken.usedByHost = host.id;
    return certificate == null ? new EnrolledAgent(host.id, name, secret, null, null)
        : new EnrolledAgent(host.id, name, secret, Pem.certificate(certificate), certificates.caPem());
  }
}
