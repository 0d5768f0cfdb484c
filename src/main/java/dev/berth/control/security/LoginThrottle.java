package dev.berth.control.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Slows down password guessing, per username and per client address, in PostgreSQL so every
 * replica sees the same counts. After {@code free} failures within {@code window} a subject is
 * blocked for {@code base}, doubling with each further failure up to {@code most}; a blocked
 * attempt is refused (429 with Retry-After) without checking the password and without counting.
 * A successful login clears its username's count; an address's count only lapses with time, so
 * one good account cannot launder guesses against others.
 */
@ApplicationScoped
public class LoginThrottle {
  @ConfigProperty(name = "berth.login.free-failures-per-user", defaultValue = "5") int freePerUser;
  @ConfigProperty(name = "berth.login.free-failures-per-address", defaultValue = "20") int freePerAddress;
  @ConfigProperty(name = "berth.login.block", defaultValue = "PT5S") Duration base;
  @ConfigProperty(name = "berth.login.most-block", defaultValue = "PT15M") Duration most;
  @ConfigProperty(name = "berth.login.failure-window", defaultValue = "PT15M") Duration window;

  @Inject EntityManager db;

  /** How long this login must wait before it may be tried, if it must. */
  public Optional<Duration> wait(String username, String address) {
    Instant now = Instant.now();
    return QuarkusTransaction.requiringNew().call(() -> {
      List<?> until = db.createNativeQuery(
              "select max(blocked_until) from login_throttle where subject in (?1, ?2) and blocked_until > ?3")
          .setParameter(1, userSubject(username)).setParameter(2, addressSubject(address))
          .setParameter(3, Timestamp.from(now)).getResultList();
      Object latest = until.isEmpty() ? null : until.get(0);
      if (latest == null) {
        return Optional.<Duration>empty();
      }
      Instant blockedUntil = latest instanceof Timestamp t ? t.toInstant() : (Instant) latest;
      return Optional.of(Duration.between(now, blockedUntil));
    });
  }

  /** Counts a failed login against the username and the address. */
  public void failed(String username, String address) {
    QuarkusTransaction.requiringNew().run(() -> {
      count(userSubject(username), freePerUser);
      if (address != null) {
        count(addressSubject(address), freePerAddress);
      }
    });
  }

  /** Clears the username's failures after a successful login. */
  public void succeeded(String username) {
    QuarkusTransaction.requiringNew().run(() ->
        db.createNativeQuery("delete from login_throttle where subject = ?1").setParameter(1, userSubject(username))
            .executeUpdate());
  }

  private void count(String subject, int free) {
    // One statement, so concurrent failures of one subject all count.
    db.createNativeQuery("""
        insert into login_throttle (subject, failures, last_failure_at) values (?1, 1, now())
        on conflict (subject) do update set
          failures = case when login_throttle.last_failure_at < now() - make_interval(secs => ?2)
                          then 1 else login_throttle.failures + 1 end,
          last_failure_at = now()
        """).setParameter(1, subject).setParameter(2, (double) window.toSeconds()).executeUpdate();
    db.createNativeQuery("""
        update login_throttle set blocked_until = now() + make_interval(secs =>
            least(?2, ?3 * power(2, failures - ?4)))
        where subject = ?1 and failures >= ?4
        """).setParameter(1, subject).setParameter(2, (double) most.toSeconds())
        .setParameter(3, (double) base.toSeconds()).setParameter(4, free).executeUpdate();
  }

  private static String userSubject(String username) {
    return "user:" + (username == null ? "" : username);
  }

  private static String addressSubject(String address) {
    return "address:" + address;
  }
}
