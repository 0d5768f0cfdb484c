package dev.berth.control.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Cross-site request forgery defence for dashboard sessions. Each session has a token derived from
 * its secret (so nothing more is stored), put in the page's {@code <meta name="csrf-token">} and
 * in forms as {@code _csrf}; {@code static/actions.js} sends it as {@code X-CSRF-Token}. A
 * changing request authenticated by the session cookie must carry it, and must not come from
 * another site. Bearer-token requests carry no ambient credential, so they need neither.
 */
public final class Csrf {
  /** The request header that carries the token. */
  public static final String HEADER = "X-CSRF-Token";
  /** The form field that carries the token. */
  public static final String FIELD = "_csrf";

  private Csrf() {}

  /** The CSRF token of the session with this secret. */
  public static String tokenFor(String sessionSecret) {
    return Secrets.hash("csrf:" + sessionSecret);
  }

  /** The token of the identity's session, or an empty string for other identities. */
  public static String tokenOf(SecurityIdentity identity) {
    String token = identity == null ? null : identity.getAttribute(Identities.CSRF);
    return token == null ? "" : token;
  }

  /**
   * Why a changing request of this identity is refused, or null when it may go on.
   *
   * @param presented the token in the header or form field (null when absent)
   * @param fetchSite the {@code Sec-Fetch-Site} header, if the browser sent one
   */
  static String refusal(SecurityIdentity identity, String presented, String fetchSite) {
    String expected = identity.getAttribute(Identities.CSRF);
    if (expected == null) {
      return null;
    }
    if ("cross-site".equals(fetchSite)) {
      return "cross-site request refused";
    }
    if (presented == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8))) {
      return "missing or wrong CSRF token: reload the page";
    }
    return null;
  }
}
