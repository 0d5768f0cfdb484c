package dev.berth.control.fleet;

import dev.berth.control.tls.AgentCertificates;
import dev.berth.tls.Pem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Issues a host's agent its client certificates and keeps the record: every one issued (see
 * {@link HostCertificate}) and the latest on the host itself. Enrollment issues the first; the agent
 * renews its own over mutual TLS with a new key pair when two thirds of its validity have passed
 * (see {@code AgentCertificateResource}); older ones stay valid until they expire, or go with the host.
 */
@ApplicationScoped
public class HostCertificates {
  @Inject AgentCertificates certificates;

  /** A certificate of {@code publicKeyPem} for {@code host} (already persisted), recorded as its latest. */
  @Transactional(Transactional.TxType.MANDATORY)
  public X509Certificate issue(Host host, String publicKeyPem) {
    X509Certificate certificate = certificates.issue(host.name, publicKeyPem);
    HostCertificate record = new HostCertificate();
    record.fingerprint = Pem.fingerprint(certificate);
    record.host = host;
    record.serial = certificate.getSerialNumber().toString(16);
    record.issuedAt = Instant.now();
    record.notAfter = certificate.getNotAfter().toInstant();
    record.persist();
    host.certSerial = record.serial;
    host.certFingerprint = record.fingerprint;
    host.certNotAfter = record.notAfter;
    return certificate;
  }
}
