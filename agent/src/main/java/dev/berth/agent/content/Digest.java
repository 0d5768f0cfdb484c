package dev.berth.agent.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:<64 lowercase hex>}: the name of a blob, a layer's DiffID, a
 * chain id or an image id. Parsing validates it, so a digest can safely become a file name.
 */
public record Digest(String algorithm, String encoded) {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");

  /** Validates the parts; only sha256 is supported. */
  public Digest {
    if (!"sha256".equals(algorithm)) {
      throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
    }
    if (encoded == null || !SHA256.matcher(encoded).matches()) {
      throw new IllegalArgumentException("invalid sha256 digest: " + encoded);
    }
  }

  /** Parses {@code sha256:<hex>}; throws IllegalArgumentException with a clear message otherwise. */
  public static Digest parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("invalid digest (want sha256:<hex>): " + text);
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /** The sha256 digest of {@code bytes}. */
  public static Digest of(byte[] bytes) {
    MessageDigest sha256 = newSha256();
    return fromHash(sha256.digest(bytes));
  }

  /** A digest from a finished SHA-256 computation. */
  public static Digest fromHash(byte[] hash) {
    return new Digest("sha256", HexFormat.of().formatHex(hash));
  }

  /** A new SHA-256 hasher. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first 12 hex characters, as Docker shows short ids. */
  public String shortId() {
    return encoded.substring(0, 12);
  }

  @Override
  public String toString() {
    return algorithm + ":" + encoded;
  }
}
