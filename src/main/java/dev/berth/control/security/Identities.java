package dev.berth.control.security;

import dev.berth.control.fleet.AgentCredential;
import dev.berth.control.fleet.Host;
import dev.berth.tls.Pem;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.UUID;

/**
 * Turns presented secrets (API tokens, agent credentials, session cookies) into identities. A
 * person's identity has one role: the user's, or for an API token the token's role capped by the
 * owner's current role. Expired, revoked or disabled credentials give no identity.
 */
@ApplicationScoped
public class Identities {
  /** Role of an agent's identity; no person has it. */
  public static final String AGENT_ROLE = "agent";
  /** Identity attribute: the user's id. */
  public static final String USER_ID = "userId";
  /** Identity attribute: the agent's host id. */
  public static final String HOST_ID = "hostId";
  /** Identity attribute (agents): true when the host's agent holds a client certificate from Berth's CA. */
  public static final String HAS_CERTIFICATE = "hasCertificate";
  /** Identity attribute (agents): true when the agent proved itself with that certificate. */
  public static final String BY_CERTIFICATE = "byCertificate";
  /** Identity attribute: the session's CSRF token (dashboard sessions only). */
  public static final String CSRF = "csrf";
  /** Identity attribute: the session's secret (dashboard sessions only). */
  public static final String SESSION = "session";
  /** Identity attribute: true while the user must change a password someone else set. */
  public static final String MUST_CHANGE_PASSWORD = "mustChangePassword";
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  @Inject Sessions sessions;

  /** The identity behind a bearer token: a user's API token or an agent's credential. */
  @Transactional
  public Optional<SecurityIdentity> fromBearer(String token) {
    String hash = Secrets.hash(token);
    if (token.startsWith(Secrets.AGENT_PREFIX)) {
      return AgentCredential.findUsable(hash).map(credential -> agent(credential.host, false));
    }
    Optional<ApiToken> apiToken = ApiToken.<ApiToken>find("tokenHash", hash).firstResultOptional();
    Instant now = Instant.now();
    if (apiToken.isEmpty() || !apiToken.get().isUsableAt(now)) {
      return Optional.empty();
    }
    ApiToken used = apiToken.get();
    if (used.lastUsedAt == null || used.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
      used.lastUsedAt = now;
    }
    return Optional.of(builder(used.user, used.effectiveRole()).build());
  }

  /** The identity of the agent whose host holds {@code certificate} (by its SHA-256 fingerprint). */
  @Transactional
  public Optional<SecurityIdentity> fromAgentCertificate(X509Certificate certificate) {
    return Host.findByCertificate(Pem.fingerprint(certificate)).map(host -> agent(host, true));
  }

  /** The identity behind a dashboard session cookie. */
  @Transactional
  public Optional<SecurityIdentity> fromSession(String secret) {
    return sessions.use(secret).map(session -> builder(session.user, session.user.role())
        .addAttribute(SESSION, secret)
        .addAttribute(CSRF, Csrf.tokenFor(secret))
        .addAttribute(MUST_CHANGE_PASSWORD, session.user.mustChangePassword)
        .build());
  }

  /** The identity of a person, with the user's own role. */
  public static SecurityIdentity person(User user) {
    return builder(user, user.role()).build();
  }

  private static QuarkusSecurityIdentity.Builder builder(User user, Role role) {
    QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.username))
        .addRole(role.wireName())
        .addAttribute(USER_ID, user.id);
    if (role == Role.OPERATOR) {
      List<HostGrant> grants = HostGrant.list("user", user);
      if (!grants.isEmpty()) {
        // Named hosts count even before they enrol; labels match the hosts that carry them now.
        Set<String> managed = Stream.concat(
            grants.stream().map(grant -> grant.hostName).filter(Objects::nonNull),
            Host.<Host>listAll().stream()
                .filter(host -> grants.stream().anyMatch(grant -> grant.covers(host.name, host.labels)))
                .map(host -> host.name)).collect(Collectors.toUnmodifiableSet());
        builder.addAttribute(Authorization.MANAGED_HOSTS, managed);
      }
    }
    return builder;
  }

  private static SecurityIdentity agent(Host host, boolean byCertificate) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal("agent:" + host.name))
        .addRole(AGENT_ROLE)
        .addAttribute(HOST_ID, host.id)
        .addAttribute(HAS_CERTIFICATE, host.certFingerprint != null)
        .addAttribute(BY_CERTIFICATE, byCertificate)
        .build();
  }

  /** The host id of an agent identity. */
  public static UUID hostId(SecurityIdentity identity) {
    return identity.getAttribute(HOST_ID);
  }
}
