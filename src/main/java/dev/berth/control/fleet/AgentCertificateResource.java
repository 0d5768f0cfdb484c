package dev.berth.control.fleet;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.ClientAddress;
import dev.berth.control.security.Identities;
import dev.berth.tls.Pem;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.UUID;

/**
 * An agent renews its client certificate, proving itself as on its link (with its current
 * certificate over mutual TLS; over a plain-HTTP listener with its bearer credential), for the
 * public key of a key pair it just generated. The certificate names the agent's own host, whatever
 * the request says; a removed host's agent is refused before it gets here (its certificates went with it).
 *
 * <pre>
 * POST /agent/certificate   {"publicKey": "PEM (X.509 SubjectPublicKeyInfo) of the new key"}
 * 201  {"certificate": "PEM", "notAfter": "2031-…Z"}
 * 400  application/problem+json: no key, or a weak or unreadable one
 * </pre>
 */
@Path("/agent/certificate")
public class AgentCertificateResource {
  /** The body of the request. */
  public record RenewRequest(String publicKey) {}

  /** The answer: the new certificate and when it expires. */
  public record Renewed(String certificate, Instant notAfter) {}

  @Inject HostCertificates certificates;
  @Inject SecurityIdentity identity;
  @Inject AuditLog audit;
  @Inject RoutingContext http;

  /** Issues the calling agent's host a certificate for {@code body.publicKey}. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Transactional
  public Response renew(RenewRequest body) {
    UUID hostId = Identities.hostId(identity);
    if (hostId == null) {
      throw new ApiProblem(403, "only an enrolled agent renews its certificate");
    }
    Host host = Host.<Host>findByIdOptional(hostId)
        .orElseThrow(() -> new ApiProblem(401, "this agent's host is no longer enrolled"));
    if (body == null || body.publicKey() == null || body.publicKey().isBlank()) {
      throw ApiProblem.badRequest("publicKey is required: the PEM public key of the agent's new key pair");
    }
    X509Certificate certificate = certificates.issue(host, body.publicKey());
    audit.append(new AuditEvent(identity.getPrincipal().getName(), ClientAddress.of(http), "agent", host.name,
        "host.certificate.renew", host.certSerial, null, "ok"));
    return Response.status(201)
        .entity(new Renewed(Pem.certificate(certificate), certificate.getNotAfter().toInstant())).build();
  }
}
