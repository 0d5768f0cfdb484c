package dev.berth.tls;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A one-time join token, as the control plane issues it and an agent is given it. It carries the
 * trust anchor with it, as {@code docker swarm join-token} and kubeadm's
 * {@code --discovery-token-ca-cert-hash} do, so a new host needs nothing else to enroll over HTTPS:
 *
 * <pre>
 * berth_join_&lt;64 hex: SHA-256 of Berth's CA certificate (DER)&gt;.&lt;secret, base64url&gt;
 * berth_join_&lt;secret&gt;                                          (older tokens: no anchor, use --ca-cert)
 * </pre>
 *
 * The whole text is the secret the control plane checks (it keeps only its hash), so altering the
 * fingerprint makes the token invalid too.
 */
public record JoinToken(String text, Optional<String> caFingerprint) {
  /** What every join token starts with. */
  public static final String PREFIX = "berth_join_";
  private static final Pattern ANCHORED = Pattern.compile("^" + PREFIX + "([0-9a-f]{64})\\.[A-Za-z0-9_-]+$");

  /** The token {@code text}, with its CA fingerprint when it has one. */
  public static JoinToken parse(String text) {
    Matcher anchored = ANCHORED.matcher(text.trim());
    return new JoinToken(text.trim(), anchored.matches() ? Optional.of(anchored.group(1)) : Optional.empty());
  }

  /** The prefix of a new token anchored to the CA certificate with {@code caFingerprint}; the secret follows it. */
  public static String prefix(String caFingerprint) {
    if (!caFingerprint.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a SHA-256 fingerprint in lower-case hex: " + caFingerprint);
    }
    return PREFIX + caFingerprint + ".";
  }

  /** Keeps the secret out of logs. */
  @Override
  public String toString() {
    return "JoinToken[caFingerprint=" + caFingerprint.orElse("none") + ", secret=***]";
  }
}
