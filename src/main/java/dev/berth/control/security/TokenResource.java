package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@code /api/v1/tokens}: one's own API tokens. */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {
  @Inject ApiTokens tokens;
  @Inject SecurityIdentity identity;

  /** The body of {@code POST /api/v1/tokens}. */
  public record CreateToken(String name, String role, Long ttlSeconds) {}

  /** Creates a token; the secret is in this answer only ({@code token}). */
  @POST
  public Response create(CreateToken body) {
    if (body == null) {
      throw ApiProblem.badRequest("a JSON body with a name is required");
    }
    ApiTokens.Issued issued = tokens.create(userId(), body.name(), body.role(), body.ttlSeconds(), role());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token", issued.token());
    answer.put("id", issued.view().id());
    answer.put("name", issued.view().name());
    answer.put("role", issued.view().role());
    answer.put("createdAt", issued.view().createdAt());
    answer.put("expiresAt", issued.view().expiresAt());
    return Response.status(201).entity(answer).build();
  }

  /** One's tokens, newest first (never their secrets). */
  @GET
  public List<TokenView> list() {
    return tokens.of(userId());
  }

  /** Revokes a token of one's own (admins: anyone's). */
  @DELETE
  @Path("{id}")
  public TokenView revoke(@PathParam("id") String id) {
    UUID tokenId;
    try {
      tokenId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.notFound("no such token: " + id);
    }
    return tokens.revoke(tokenId, userId(), role() == Role.ADMIN);
  }

  private UUID userId() {
    return identity.getAttribute(Identities.USER_ID);
  }

  private Role role() {
    return Authorization.roleOf(identity).orElseThrow();
  }
}
