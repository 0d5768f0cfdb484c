package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.ClientAddress;
import dev.berth.control.tls.AgentCertificates;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;

/**
 * Join tokens ({@code /api/v1/enrollment-tokens}), the agents' enrollment ({@code /api/v1/enroll})
 * and Berth's CA certificate they check against their token first ({@code /api/v1/ca-certificate}).
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentResource {
  static final long DEFAULT_TTL_SECONDS = 3600;
  /** How long a join token is valid unless asked otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(DEFAULT_TTL_SECONDS);

  /** The media type of the CA certificate. */
  static final String PEM = "application/x-pem-file";

  @Inject Enrollment enrollment;
  @Inject AgentCertificates certificates;
  @Context UriInfo uri;
  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;
  @Inject RoutingContext http;

  /** The body of {@code POST /api/v1/enrollment-tokens}. */
  public record CreateJoinToken(Long ttlSeconds) {}

  /** The body of {@code POST /api/v1/enroll}; {@code publicKey}: PEM of the key pair the agent generated. */
  public record EnrollRequest(String name, String token, JsonNode facts, String publicKey) {}

  /** Creates a one-time join token; the token is shown only in this answer. */
  @POST
  @Path("enrollment-tokens")
  public Response createJoinToken(CreateJoinToken body) {
    long ttl = body == null || body.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : body.ttlSeconds();
    String actor = identity.getPrincipal().getName();
    String controlPlane = uri.getBaseUri().toString().replaceFirst("/+$", "");
    Enrollment.IssuedJoinToken issued = enrollment.createJoinToken(actor, Duration.ofSeconds(ttl), controlPlane);
    return Response.status(201).entity(issued).build();
  }

  /**
   * Berth's CA certificate (PEM), open to anyone: it is public, and a new agent fetches it before
   * enrolling, accepting it only when its fingerprint is the one its join token carries.
   */
  @GET
  @Path("ca-certificate")
  @Produces(PEM)
  public String caCertificate() {
    return certificates.caPem();
  }

  /** An agent trades a join token for its host and credential (open: the token is the proof). */
  @POST
  @Path("enroll")
  public Response enroll(EnrollRequest body) {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with name and token is required");
    }
    String actor = "agent:" + body.name();
    try {
      Enrollment.EnrolledAgent agent = enrollment.enroll(body.name(), body.token(), body.facts(), body.publicKey());
      audit.append(new AuditEvent(actor, source(), "enrollment", body.name(), "host.enroll", body.name(), null, "ok"));
      return Response.status(201).entity(agent).build();
    } catch (ApiProblem refused) {
      audit.append(new AuditEvent(actor, source(), "enrollment", body.name(), "host.enroll", body.name(), null,
          "refused: " + refused.getMessage()));
      throw refused;
    }
  }

  private String source() {
    return ClientAddress.of(http);
  }
}
