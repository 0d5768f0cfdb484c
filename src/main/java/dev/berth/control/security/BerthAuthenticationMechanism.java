package dev.berth.control.security;

import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * How every request proves who sent it: {@code Authorization: Bearer <token>} (API tokens,
 * agent credentials) or the dashboard's session cookie. Requests without either are anonymous
 * and get the challenge their client understands: a Docker-style JSON error under
 * {@code /docker/}, problem+json under the APIs, a redirect to the login page elsewhere.
 */
@ApplicationScoped
public class BerthAuthenticationMechanism implements HttpAuthenticationMechanism {
  /** Name of the dashboard's session cookie. */
  public static final String SESSION_COOKIE = "berth_session";
  private static final String BEARER = "Bearer ";

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (context.normalizedPath().equals("/v2") || context.normalizedPath().startsWith("/v2/")) {
      // The registry authenticates its requests itself (registry.RegistryAuth): Basic and its own tokens.
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
    AuthenticationRequest request = null;
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      String token = authorization.substring(BEARER.length()).trim();
      request = new TokenAuthenticationRequest(new TokenCredential(token, "bearer"));
    } else {
      Cookie session = context.request().getCookie(SESSION_COOKIE);
      if (session != null) {
        request = new SessionAuthenticationRequest(session.getValue());
      }
    }
    if (request == null) {
      return Uni.createFrom().optional(java.util.Optional.empty());
    }
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    return identityProviderManager.authenticate(request);
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext context) {
    return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"berth\""));
  }

  @Override
  public Uni<Boolean> sendChallenge(RoutingContext context) {
    HttpServerResponse response = context.response();
    String path = context.normalizedPath();
    if (path.startsWith("/docker/")) {
      response.setStatusCode(401).putHeader("Content-Type", "application/json")
          .end("{\"message\":\"authentication required: send Authorization: Bearer <Berth API token> (see `berth env`)\"}");
    } else if (isApi(path)) {
      response.setStatusCode(401).putHeader("Content-Type", "application/problem+json")
          .putHeader("WWW-Authenticate", "Bearer realm=\"berth\"")
          .end("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
              + "\"detail\":\"authentication required: a valid bearer token or session\"}");
    } else {
      response.setStatusCode(302).putHeader("Location", "/login").end();
    }
    return Uni.createFrom().item(true);
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class, SessionAuthenticationRequest.class);
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/") || path.startsWith("/agent/") || path.startsWith("/q/")
        || path.startsWith("/v2/");
  }
}
