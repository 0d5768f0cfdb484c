package dev.berth.control.registry;

import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.Identities;
import dev.berth.control.security.LoginThrottle;
import dev.berth.control.security.Secrets;
import dev.berth.control.security.Sessions;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may use the registry: Basic with a Berth user's password (or any username with an API token
 * or agent credential as the password), a Berth API token as bearer, or the short-lived bearer
 * tokens of Docker's token flow that {@code /v2/token} hands out. Viewers read; operators, admins
 * and agents (which act for someone the Docker API tunnel already authorised) also write. Anyone,
 * without credentials, may pull from a repository that allows anonymous pull.
 * Verified passwords are remembered for a minute: the password hash is deliberately slow, and a
 * client using Basic sends it with every request. Password checks go through the dashboard's
 * {@link LoginThrottle} (per username and client address): while a subject is blocked its
 * attempts fail with {@code TOOMANYREQUESTS} without the password being checked; wrong passwords
 * and throttled attempts are audited as logins. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class RegistryAuth {
  /** How long a token from {@code /v2/token} is valid. */
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);
  private static final Duration BASIC_MEMORY = Duration.ofMinutes(1);
  private static final String TOKEN_PREFIX = "berth_registry_";

  private final ConcurrentHashMap<String, Grant> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Grant> basic = new ConcurrentHashMap<>();
  @Inject Identities identities;
  @Inject Sessions sessions;
  @Inject LoginThrottle throttle;
  @Inject AuditLog audit;

  /** What an authenticated client may do, until when. */
  public record Grant(String subject, boolean mayWrite, Instant expiresAt) {
    /** What a client without credentials may do: pull from repositories that allow anonymous pull. */
    public static Grant anonymous() {
      return new Grant(null, false, Instant.MAX);
    }

    /** Whether this grant stands for no one (see {@link #anonymous}). */
    public boolean isAnonymous() {
      return subject == null;
    }

    boolean isValid() {
      return Instant.now().isBefore(expiresAt);
    }
  }

  /**
   * The grant behind an {@code Authorization} header from {@code address}, if it holds valid
   * credentials; {@code TOOMANYREQUESTS} if its username or address is blocked for failed logins.
   */
  public Optional<Grant> authenticate(String authorization, String address) {
    if (authorization == null) {
      return Optional.empty();
    }
    int space = authorization.indexOf(' ');
    String scheme = space < 0 ? authorization : authorization.substring(0, space);
    String credentials = space < 0 ? "" : authorization.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return bearer(credentials);
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      return basic(credentials, address);
    }
    return Optional.empty();
  }

  /**
   * The grant of a valid bearer token from {@code /v2/token} in an {@code Authorization} header,
   * if it holds one. Only memory is read: it may run on the event loop.
   */
  public Optional<Grant> issuedToken(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = authorization.substring(7).trim();
    return token.startsWith(TOKEN_PREFIX) ? bearer(token) : Optional.empty();
  }

  /** A new short-lived bearer token carrying {@code grant}. */
  public String issueToken(Grant grant) {
    tokens.values().removeIf(old -> !old.isValid());
    String token = Secrets.generate(TOKEN_PREFIX);
    tokens.put(Secrets.hash(token), new Grant(grant.subject(), grant.mayWrite(), Instant.now().plus(TOKEN_LIFETIME)));
    return token;
  }

  private Optional<Grant> bearer(String token) {
    if (token.startsWith(TOKEN_PREFIX)) {
      return Optional.ofNullable(tokens.get(Secrets.hash(token))).filter(Grant::isValid);
    }
    return identities.fromBearer(token).map(RegistryAuth::grantOf);
  }

  private Optional<Grant> basic(String encoded, String address) {
    String key = Secrets.hash(encoded);
    Grant remembered = basic.get(key);
    if (remembered != null && remembered.isValid()) {
      return Optional.of(remembered);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String username = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    Optional<Grant> grant = password.startsWith(Secrets.API_TOKEN_PREFIX)
        ? identities.fromBearer(password).map(RegistryAuth::grantOf)
        : checkPassword(username, password, address);
    basic.values().removeIf(old -> !old.isValid());
    grant.ifPresent(g -> basic.put(key, new Grant(g.subject(), g.mayWrite(), Instant.now().plus(BASIC_MEMORY))));
    return grant;
  }

  private Optional<Grant> checkPassword(String username, String password, String address) {
    Optional<Duration> wait = throttle.wait(username, address);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      record(username, address, "refused: too many failed logins, retry in " + seconds + " s");
      throw RegistryException.tooManyRequests(seconds);
    }
    Optional<Grant> grant = sessions.check(username, password).map(user -> grantOf(Identities.person(user)));
    if (grant.isPresent()) {
      throttle.succeeded(username);
    } else {
      throttle.failed(username, address);
      record(username, address, "refused: wrong username or password");
    }
    return grant;
  }

  private void record(String username, String address, String outcome) {
    audit.append(new AuditEvent(username, address, "login", null, "registry login", username, null, outcome));
  }

  private static Grant grantOf(SecurityIdentity identity) {
    boolean write = identity.hasRole("admin") || identity.hasRole("operator") || identity.hasRole(Identities.AGENT_ROLE);
    return new Grant(identity.getPrincipal().getName(), write, Instant.MAX);
  }
}
