package dev.berth.control.security;

import io.quarkus.panache.common.Sort;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /api/v1/users}: people and their roles and host grants (admins only, see {@link Authorization}). */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
  @Inject Users users;

  /** The body of {@code POST /api/v1/users}. */
  public record CreateUser(String username, String password, String role, Boolean mustChangePassword) {}

  /** The body of {@code PATCH /api/v1/users/{name}}: what to change (absent: unchanged). */
  public record UpdateUser(String role, Boolean disabled) {}

  /** The body of {@code PUT /api/v1/users/{name}/password}. */
  public record ResetPassword(String password) {}

  /** Creates a user. */
  @POST
  public Response create(CreateUser body) {
    if (body == null) {
      throw dev.berth.control.api.ApiProblem.badRequest("a JSON body with username, password and role is required");
    }
    User user = users.create(body.username(), body.password(), body.role(), body.mustChangePassword());
    return Response.status(201).entity(view(user.username)).build();
  }

  /** Every user, by name. */
  @GET
  @Transactional
  public List<UserView> list() {
    return User.<User>listAll(Sort.by("username")).stream().map(UserView::of).toList();
  }

  /** One user. */
  @GET
  @Path("{name}")
  @Transactional
  public UserView get(@PathParam("name") String name) {
    return UserView.of(Users.named(name));
  }

  /** Changes a user's role or disables/enables them. */
  @PATCH
  @Path("{name}")
  public UserView update(@PathParam("name") String name, UpdateUser body) {
    users.update(name, body == null ? null : body.role(), body == null ? null : body.disabled());
    return view(name);
  }

  /** Deletes a user (never the last admin). */
  @DELETE
  @Path("{name}")
  public Response delete(@PathParam("name") String name) {
    users.delete(name);
    return Response.noContent().build();
  }

  /** Sets a user's password; they must change it at their next dashboard login. */
  @PUT
  @Path("{name}/password")
  public Response resetPassword(@PathParam("name") String name, ResetPassword body) {
    users.reset(name, body == null ? null : body.password());
    return Response.noContent().build();
  }

  /** Replaces the hosts (by name or label) an operator may manage; none: every host. */
  @PUT
  @Path("{name}/grants")
  public UserView grant(@PathParam("name") String name, UserView.Grants body) {
    users.grant(name, body == null ? null : body.hosts(), body == null ? null : body.labels());
    return view(name);
  }

  @Transactional
  UserView view(String name) {
    return UserView.of(Users.named(name));
  }
}
