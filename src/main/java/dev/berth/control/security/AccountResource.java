package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** {@code /api/v1/account}: what anyone signed in may do to their own account. */
@Path("/api/v1/account")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
  @Inject Users users;
  @Inject SecurityIdentity identity;

  /** The body of {@code PUT /api/v1/account/password}. */
  public record ChangePassword(String currentPassword, String newPassword) {}

  /** Changes one's own password, given the current one; one's other sessions end. */
  @PUT
  @Path("password")
  public Response changePassword(ChangePassword body) {
    if (body == null || body.currentPassword() == null) {
      throw ApiProblem.badRequest("a JSON body with currentPassword and newPassword is required");
    }
    UUID userId = identity.getAttribute(Identities.USER_ID);
    users.changeOwn(userId, body.currentPassword(), body.newPassword(), identity.getAttribute(Identities.SESSION));
    return Response.noContent().build();
  }
}
