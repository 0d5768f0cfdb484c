package dev.berth.control.security;

import dev.berth.control.fleet.AgentCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Turns presented secrets (API tokens, agent credentials, session cookies) into identities. */
@ApplicationScoped
public class Identities {
  /** Role of an agent's identity; no person has it. */
  public static final String AGENT_ROLE = "agent";
  /** Identity attribute: the user's id. */
  public static final String USER_ID = "userId";
  /** Identity attribute: the agent's host id. */
  public static final String HOST_ID = "hostId";
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  /** The identity behind a bearer token: a user's API token or an agent's credential. */
  @Transactional
  public Optional<SecurityIdentity> fromBearer(String token) {
    String hash = Secrets.hash(token);
    if (token.startsWith(Secrets.AGENT_PREFIX)) {
      return AgentCredential.findUsable(hash).map(Identities::agent);
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
    return Optional.of(person(used.user));
  }

  /** The identity behind a dashboard session cookie. */
  @Transactional
  public Optional<SecurityIdentity> fromSession(String secret) {
    return WebSession.<WebSession>find("sessionHash", Secrets.hash(secret)).firstResultOptional()
        .filter(session -> Instant.now().isBefore(session.expiresAt) && !session.user.disabled)
        .map(session -> person(session.user));
  }

  /** The identity of a person. */
  public static SecurityIdentity person(User user) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal(user.username))
        .addRole(user.role)
        .addAttribute(USER_ID, user.id)
        .build();
  }

  private static SecurityIdentity agent(AgentCredential credential) {
    return QuarkusSecurityIdentity.builder()
        .setPrincipal(new QuarkusPrincipal("agent:" + credential.host.name))
        .addRole(AGENT_ROLE)
        .addAttribute(HOST_ID, credential.host.id)
        .build();
  }

  /** The host id of an agent identity. */
  public static UUID hostId(SecurityIdentity identity) {
    return identity.getAttribute(HOST_ID);
  }
}
