package dev.berth.control.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A dashboard login; the browser holds the secret in an HTTP-only cookie, the database its hash. */
@Entity
@Table(name = "web_session")
public class WebSession extends PanacheEntityBase {
  @Id public UUID id;
  @ManyToOne(optional = false) public User user;
  public String sessionHash;
  public Instant createdAt;
  public Instant expiresAt;
  public Instant lastSeenAt;
}
