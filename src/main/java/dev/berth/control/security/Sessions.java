package dev.berth.control.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Dashboard logins: checks a password, opens a session, ends it. A session ends after
 * {@code berth.session.idle-timeout} without a request, and after
 * {@code berth.session.absolute-timeout} whatever happens.
 */
@ApplicationScoped
public class Sessions {
  // Sessions record their last use at most this often, so reads do not write on every request.
  private static final Duration LAST_SEEN_RESOLUTION = Duration.ofSeconds(15);

  @ConfigProperty(name = "berth.session.idle-timeout", defaultValue = "PT30M") Duration idleTimeout;
  @ConfigProperty(name = "berth.session.absolute-timeout", defaultValue = "PT12H") Duration absoluteTimeout;

  /** The outcome of a password check: the user, or nothing when the name or password is wrong. */
  public Optional<User> check(String username, String password) {
    Optional<User> user = QuarkusTransaction.requiringNew().call(() ->
        User.findByUsername(username == null ? "" : username).filter(u -> !u.disabled));
    // Hash even for unknown users so response times do not reveal which names exist.
    String stored = user.map(u -> u.passwordHash).orElse(UNKNOWN_USER_HASH);
    if (!PasswordHasher.matches(password == null ? "" : password, stored) || user.isEmpty()) {
      return Optional.empty();
    }
    return user;
  }

  /**
   * A session secret for the cookie, if the credentials are right. The slow password hash runs
   * outside any transaction, so a login holds no database connection while it hashes.
   */
  public Optional<String> login(String username, String password) {
    return check(username, password).map(user -> QuarkusTransaction.requiringNew().call(() -> open(user.id)));
  }

  /** How long the cookie may live: the absolute timeout. */
  public Duration lifetime() {
    return absoluteTimeout;
  }

  private String open(UUID userId) {
    String secret = Secrets.generate("");
    WebSession session = new WebSession();
    session.id = UUID.randomUUID();
    session.user = User.findById(userId);
    session.sessionHash = Secrets.hash(secret);
    session.createdAt = Instant.now();
    session.lastSeenAt = session.createdAt;
    session.expiresAt = session.createdAt.plus(absoluteTimeout);
    session.persist();
    return secret;
  }

  /** The live session with this secret, marked as used now; an ended one is deleted. */
  @Transactional
  public Optional<WebSession> use(String secret) {
    Optional<WebSession> found = WebSession.<WebSession>find("sessionHash", Secrets.hash(secret)).firstResultOptional();
    if (found.isEmpty()) {
      return found;
    }
    WebSession session = found.get();
    Instant now = Instant.now();
    Instant lastSeen = session.lastSeenAt == null ? session.createdAt : session.lastSeenAt;
    if (!now.isBefore(session.expiresAt) || !now.isBefore(lastSeen.plus(idleTimeout)) || session.user.disabled) {
      session.delete();
      return Optional.empty();
    }
    if (lastSeen.isBefore(now.minus(LAST_SEEN_RESOLUTION))) {
      session.lastSeenAt = now;
    }
    return found;
  }

  /** Ends the session with this secret. */
  @Transactional
  public void logout(String secret) {
    WebSession.delete("sessionHash", Secrets.hash(secret));
  }

  /** Ends every session of a user (after a password change, a disable or a role change). */
  @Transactional
  public void endAll(UUID userId, String keptSecret) {
    if (keptSecret == null) {
      WebSession.delete("user.id", userId);
    } else {
      WebSession.delete("user.id = ?1 and sessionHash <> ?2", userId, Secrets.hash(keptSecret));
    }
  }

  private static final String UNKNOWN_USER_HASH = PasswordHasher.hash(UUID.randomUUID().toString());
}
