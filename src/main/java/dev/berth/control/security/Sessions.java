package dev.berth.control.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Dashboard logins: checks a password, opens a session, ends it. */
@ApplicationScoped
public class Sessions {
  /** How long a dashboard login lasts. */
  public static final Duration LIFETIME = Duration.ofHours(12);

  /**
   * A session secret for the cookie, if the credentials are right. The slow password hash runs
   * outside any transaction, so a login holds no database connection while it hashes.
   */
  public Optional<String> login(String username, String password) {
    return verify(username, password)
        .map(user -> QuarkusTransaction.requiringNew().call(() -> open(user.id)));
  }

  /**
   * The enabled user with these credentials, if they are right (also for the registry's Basic
   * authentication). Runs outside any transaction, like {@link #login}.
   */
  public Optional<User> verify(String username, String password) {
    Optional<User> user = QuarkusTransaction.requiringNew().call(() ->
        User.findByUsername(username == null ? "" : username).filter(u -> !u.disabled));
    // Hash even for unknown users so response times do not reveal which names exist.
    String stored = user.map(u -> u.passwordHash).orElse(UNKNOWN_USER_HASH);
    if (!PasswordHasher.matches(password == null ? "" : password, stored) || user.isEmpty()) {
      return Optional.empty();
    }
    return user;
  }

  private static String open(UUID userId) {
    String secret = Secrets.generate("");
    WebSession session = new WebSession();
    session.id = UUID.randomUUID();
    session.user = User.findById(userId);
    session.sessionHash = Secrets.hash(secret);
    session.createdAt = Instant.now();
    session.expiresAt = session.createdAt.plus(LIFETIME);
    session.persist();
    return secret;
  }

  /** Ends the session with this secret. */
  @Transactional
  public void logout(String secret) {
    WebSession.delete("sessionHash", Secrets.hash(secret));
  }

  private static final String UNKNOWN_USER_HASH = PasswordHasher.hash(UUID.randomUUID().toString());
}
