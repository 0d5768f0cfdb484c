package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * People's API tokens: created with a name, an optional expiry and a role no higher than the
 * creator's (as the creator is signed in now), shown once, stored as a SHA-256 hash, revocable.
 * {@link Identities} refuses expired and revoked ones and caps a token's role by its owner's.
 */
@ApplicationScoped
public class ApiTokens {
  private static final int LONGEST_NAME = 64;

  /** A new token: its view, and the secret, which is never shown again. */
  public record Issued(TokenView view, String token) {}

  /** Creates a token for a user; {@code ceiling} is the role of whoever asks. */
  @Transactional
  public Issued create(UUID userId, String name, String role, Long ttlSeconds, Role ceiling) {
    if (name == null || name.isBlank() || name.length() > LONGEST_NAME) {
      throw ApiProblem.badRequest("a token needs a name of 1 to " + LONGEST_NAME + " characters");
    }
    if (ttlSeconds != null && ttlSeconds <= 0) {
      throw ApiProblem.badRequest("ttlSeconds must be positive");
    }
    Role wanted = role == null ? ceiling : Role.of(role);
    if (!ceiling.includes(wanted)) {
      throw new ApiProblem(403, "a token's role cannot be higher than yours (" + ceiling.wireName() + ")");
    }
    String secret = Secrets.generate(Secrets.API_TOKEN_PREFIX);
    ApiToken token = new ApiToken();
    token.id = UUID.randomUUID();
    token.user = User.findById(userId);
    token.name = name.trim();
    token.role = wanted.wireName();
    token.tokenHash = Secrets.hash(secret);
    token.createdAt = Instant.now();
    token.expiresAt = ttlSeconds == null ? null : token.createdAt.plus(Duration.ofSeconds(ttlSeconds));
    token.persist();
    return new Issued(TokenView.of(token), secret);
  }

  /** A user's tokens, newest first, revoked ones included. */
  @Transactional
  public List<TokenView> of(UUID userId) {
    return ApiToken.<ApiToken>list("user.id = ?1 order by createdAt desc", userId).stream().map(TokenView::of).toList();
  }

  /** Revokes a token of the user (admins: anyone's); it stops working at once. */
  @Transactional
  public TokenView revoke(UUID tokenId, UUID userId, boolean anyones) {
    ApiToken token = ApiToken.<ApiToken>findByIdOptional(tokenId)
        .filter(t -> anyones || t.user.id.equals(userId))
        .orElseThrow(() -> ApiProblem.notFound("no such token: " + tokenId));
    if (token.revokedAt == null) {
      token.revokedAt = Instant.now();
    }
    return TokenView.of(token);
  }
}
