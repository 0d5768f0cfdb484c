package dev.berth.control.security;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A dashboard request carrying the session cookie. */
public final class SessionAuthenticationRequest extends BaseAuthenticationRequest {
  private final String secret;

  /** The cookie's value. */
  public SessionAuthenticationRequest(String secret) {
    this.secret = secret;
  }

  /** The session secret from the cookie. */
  public String secret() {
    return secret;
  }
}
