package dev.berth.control.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.CertificateCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.CertificateAuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How every request proves who sent it: {@code Authorization: Bearer <token>} (API tokens,
 * agent credentials), the dashboard's session cookie, or, on the agents' link, the client
 * certificate Berth's CA issued the agent (mutual TLS). Requests without either are anonymous
 * and get the challenge their client understands: a Docker-style JSON error under
 * {@code /docker/}, problem+json under the APIs, a redirect to the login page elsewhere.
 */
@ApplicationScoped
public class BerthAuthenticationMechanism implements HttpAuthenticationMechanism {
  /** Name of the dashboard's session cookie. */
  public static final String SESSION_COOKIE = "berth_session";
  private static final String BEARER = "Bearer ";

  @ConfigProperty(name = "berth.tls", defaultValue = "on") String tlsMode;
  private boolean tls;

  @PostConstruct
  void readMode() {
    tls = !"off".equals(tlsMode);
  }

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
    if (context.normalizedPath().equals("/v2") || context.normalizedPath().startsWith("/v2/")) {
      // The registry authenticates its requests itself (registry.RegistryAuth): Basic and its own tokens.
      return Uni.createFrom().optional(Optional.empty());
    }
    boolean agentPath = context.normalizedPath().startsWith("/agent/");
    if (agentPath) {
      Optional<X509Certificate> certificate = peerCertificate(context);
      if (certificate.isPresent()) {
        CertificateAuthenticationRequest request = new CertificateAuthenticationRequest(
            new CertificateCredential(certificate.get()));
        HttpSecurityUtils.setRoutingContextAttribute(request, context);
        return identityProviderManager.authenticate(request);
      }
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
      return Uni.createFrom().optional(Optional.empty());
    }
    HttpSecurityUtils.setRoutingContextAttribute(request, context);
    Uni<SecurityIdentity> identity = identityProviderManager.authenticate(request);
    return agentPath && tls && context.request().isSSL()
        ? identity.onItem().transform(BerthAuthenticationMechanism::certificateIfIssued) : identity;
  }

  /**
   * With TLS on, an agent whose host was issued a certificate opens its link over TLS with that
   * certificate only: its bearer secret alone is refused there. (A plain-HTTP listener, which
   * only an operator adds, e.g. behind a TLS-terminating load balancer, takes the secret.) Agents enrolled before
   * certificates (none on record) keep using their secret until they enroll again.
   */
  private static SecurityIdentity certificateIfIssued(SecurityIdentity identity) {
    if (identity != null && identity.hasRole(Identities.AGENT_ROLE)
        && Boolean.TRUE.equals(identity.getAttribute(Identities.HAS_CERTIFICATE))
        && !Boolean.TRUE.equals(identity.getAttribute(Identities.BY_CERTIFICATE))) {
      throw new AuthenticationFailedException("this agent must present its client certificate");
    }
    return identity;
  }

  // The TLS peer's leaf certificate, if the client presented one (the TLS layer checked it against Berth's CA).
  private static Optional<X509Certificate> peerCertificate(RoutingContext context) {
    if (!context.request().isSSL()) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = context.request().sslSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException none) {
      return Optional.empty();
    }
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
    return Set.of(TokenAuthenticationRequest.class, SessionAuthenticationRequest.class,
        CertificateAuthenticationRequest.class);
  }

  /**
   * Before Quarkus's own mutual-TLS mechanism (on with {@code ssl.client-auth}), so the agents'
   * link, the challenges and bearer tokens are always handled here.
   */
  @Override
  public int getPriority() {
    return DEFAULT_PRIORITY + 1000;
  }

  private static boolean isApi(String path) {
    return path.startsWith("/api/") || path.startsWith("/agent/") || path.startsWith("/q/")
        || path.startsWith("/v2/");
  }
}
