package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.ApiTokens;
import dev.berth.control.security.Authorization;
import dev.berth.control.security.Identities;
import dev.berth.control.security.Users;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;

/**
 * The Account page: change one's password (the only page shown while a password someone else set
 * must be changed), and one's API tokens: create (the secret shown once), list, revoke.
 */
@Path("/account")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class AccountPages {
  @Inject Template account;
  @Inject Users users;
  @Inject ApiTokens tokens;
  @Inject SecurityIdentity identity;

  /** One's password and tokens. */
  @GET
  public TemplateInstance show() {
    return page(null, null, null);
  }

  /** The change-password form (alone when the change is forced). */
  @GET
  @Path("password")
  public TemplateInstance passwordForm() {
    return page(null, null, null);
  }

  /** Changes one's password. */
  @POST
  @Path("password")
  public Response changePassword(@FormParam("current") String current, @FormParam("password") String password,
                                 @FormParam("repeat") String repeat) {
    try {
      if (password == null || !password.equals(repeat)) {
        throw ApiProblem.badRequest("the new password and its repetition differ");
      }
      users.changeOwn(userId(), current == null ? "" : current, password, identity.getAttribute(Identities.SESSION));
    } catch (ApiProblem refused) {
      return Response.status(refused.status()).entity(page(refused.getMessage(), null, null).render()).build();
    }
    return Response.seeOther(URI.create("/account?changed=1")).build();
  }

  /** Creates a token and shows its secret, once. */
  @POST
  @Path("tokens")
  public Response createToken(@FormParam("name") String name, @FormParam("role") String role,
                              @FormParam("days") String days) {
    try {
      Long ttl = days == null || days.isBlank() ? null : parseDays(days) * 86_400L;
      ApiTokens.Issued issued = tokens.create(userId(), name, role == null || role.isBlank() ? null : role, ttl,
          Authorization.roleOf(identity).orElseThrow());
      return Response.status(201).entity(page(null, issued.token(), issued.view().name()).render()).build();
    } catch (ApiProblem refused) {
      return Response.status(refused.status()).entity(page(refused.getMessage(), null, null).render()).build();
    }
  }

  /** Revokes one of one's tokens. */
  @POST
  @Path("tokens/{id}/revoke")
  public Response revoke(@PathParam("id") UUID id) {
    tokens.revoke(id, userId(), false);
    return Response.seeOther(URI.create("/account")).build();
  }

  private TemplateInstance page(String error, String newToken, String newTokenName) {
    boolean forced = Boolean.TRUE.equals(identity.getAttribute(Identities.MUST_CHANGE_PASSWORD));
    return account.data("user", identity.getPrincipal().getName()).data("forced", forced)
        .data("error", error).data("newToken", newToken).data("newTokenName", newTokenName)
        .data("tokens", forced ? java.util.List.of() : tokens.of(userId()))
        .data("role", Authorization.roleOf(identity).orElseThrow().wireName());
  }

  private static long parseDays(String days) {
    try {
      return Long.parseLong(days.trim());
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("expiry in days must be a whole number: " + days);
    }
  }

  private UUID userId() {
    return identity.getAttribute(Identities.USER_ID);
  }
}
