package dev.berth.control.security;

import java.time.Instant;
import java.util.UUID;

/** An API token as listed: everything but the secret. */
public record TokenView(UUID id, String name, String owner, String role, Instant createdAt, Instant expiresAt,
                        Instant lastUsedAt, Instant revokedAt) {
  /** The view of a token. */
  public static TokenView of(ApiToken token) {
    return new TokenView(token.id, token.name, token.user.username, token.effectiveRole().wireName(),
        token.createdAt, token.expiresAt, token.lastUsedAt, token.revokedAt);
  }
}
