package dev.berth.control.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A named bearer token of a user, for scripts and the docker CLI; only its hash is stored. */
@Entity
@Table(name = "api_token")
public class ApiToken extends PanacheEntityBase {
  @Id public UUID id;
  @ManyToOne(optional = false) public User user;
  public String name;
  public String tokenHash;
  public Instant createdAt;
  public Instant expiresAt;
  public Instant lastUsedAt;
  public Instant revokedAt;
  /** The most this token may do; null: whatever its owner may. */
  public String role;

  /** What the token may do: its own role, capped by its owner's current one. */
  public Role effectiveRole() {
    return role == null ? user.role() : Role.of(role).cappedBy(user.role());
  }

  /** Whether the token may be used at {@code now}. */
  public boolean isUsableAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt)) && !user.disabled;
  }
}
