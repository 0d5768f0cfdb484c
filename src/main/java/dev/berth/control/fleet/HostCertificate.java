package dev.berth.control.fleet;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;

/**
 * A client certificate Berth's CA issued a host's agent (at enrollment or renewal), known by its
 * SHA-256 fingerprint; it goes with its host.
 */
@Entity
@Table(name = "agent_certificate")
public class HostCertificate extends PanacheEntityBase {
  @Id public String fingerprint;
  @ManyToOne(optional = false) public Host host;
  /** Serial number, hex. */
  public String serial;
  public Instant issuedAt;
  public Instant notAfter;
  public Instant revokedAt;

  /** The certificate with this fingerprint, if it is neither expired nor revoked. */
  public static Optional<HostCertificate> findUsable(String fingerprint) {
    return find("fingerprint = ?1 and revokedAt is null and notAfter > ?2", fingerprint, Instant.now())
        .firstResultOptional();
  }
}
