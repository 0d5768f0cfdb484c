package dev.berth.control.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Bearer secrets: API tokens, agent credentials, join tokens and session ids. They carry 256
 * random bits, so a fast hash is enough to store them: only the SHA-256 is kept.
 */
public final class Secrets {
  /** Prefix of user API tokens. */
  public static final String API_TOKEN_PREFIX = "berth_";
  /** Prefix of agent credentials. */
  public static final String AGENT_PREFIX = "berth_agent_";
  /** Prefix of one-time join tokens (see {@code dev.berth.tls.JoinToken}). */
  public static final String JOIN_PREFIX = dev.berth.tls.JoinToken.PREFIX;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret: the prefix and 32 random bytes, base64url. */
  public static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a secret. */
  public static String hash(String secret) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
