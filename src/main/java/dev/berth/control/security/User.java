package dev.berth.control.security;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A person who uses Berth, with one role: admin, operator or viewer. */
@Entity
@Table(name = "app_user")
public class User extends PanacheEntityBase {
  @Id public UUID id;
  public String username;
  public String passwordHash;
  public String role;
  public boolean disabled;
  public Instant createdAt;
  /** Set when someone else chose the password: the dashboard then shows only the change-password form. */
  public boolean mustChangePassword;
  public Instant passwordChangedAt;

  /** The user's role. */
  public Role role() {
    return Role.of(role);
  }

  /** The user with this name, if any. */
  public static Optional<User> findByUsername(String username) {
    return find("username", username).firstResultOptional();
  }
}
