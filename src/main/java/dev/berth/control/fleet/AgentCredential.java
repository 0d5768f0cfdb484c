package dev.berth.control.fleet;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The secret an agent presents on every connection, issued at enrollment; only its hash is kept. */
@Entity
@Table(name = "agent_credential")
public class AgentCredential extends PanacheEntityBase {
  @Id public UUID id;
  @ManyToOne(optional = false) public Host host;
  public String secretHash;
  public Instant createdAt;
  public Instant revokedAt;

  /** The unrevoked credential with this hash. */
  public static Optional<AgentCredential> findUsable(String secretHash) {
    return find("secretHash = ?1 and revokedAt is null", secretHash).firstResultOptional();
  }
}
