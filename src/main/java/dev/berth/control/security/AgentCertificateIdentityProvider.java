package dev.berth.control.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.CertificateAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Recognises an agent by its client certificate (the TLS layer checked it against Berth's CA): the
 * certificate's fingerprint must be the one recorded for an enrolled host, so a removed host's
 * certificate (its row is gone) opens nothing.
 */
@ApplicationScoped
public class AgentCertificateIdentityProvider implements IdentityProvider<CertificateAuthenticationRequest> {
  @Inject Identities identities;

  @Override
  public Class<CertificateAuthenticationRequest> getRequestType() {
    return CertificateAuthenticationRequest.class;
  }

  /** Before Quarkus's own X.509 provider, which would make any trusted certificate an identity without roles. */
  @Override
  public int priority() {
    return SYSTEM_FIRST + 1000;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(CertificateAuthenticationRequest request, AuthenticationRequestContext context) {
    return context.runBlocking(() -> identities.fromAgentCertificate(request.getCertificate().getCertificate())
        .orElseThrow(() -> new AuthenticationFailedException("certificate of no enrolled host")));
  }
}
