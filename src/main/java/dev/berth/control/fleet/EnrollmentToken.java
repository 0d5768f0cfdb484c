package dev.berth.control.fleet;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A one-time join token: an agent trades it, once and before it expires, for its credential. */
@Entity
@Table(name = "enrollment_token")
public class EnrollmentToken extends PanacheEntityBase {
  @Id public UUID id;
  public String tokenHash;
  public String createdBy;
  public Instant createdAt;
  public Instant expiresAt;
  public Instant usedAt;
  public UUID usedByHost;
}
