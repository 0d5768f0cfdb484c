package dev.berth.control.web;

import dev.berth.control.api.ApiProblem;
import dev.berth.control.security.AuditQuery;
import dev.berth.control.security.AuditView;
import dev.berth.control.security.User;
import dev.berth.control.security.UserView;
import dev.berth.control.security.Users;
import io.quarkus.panache.common.Sort;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The admin's pages: Users (create, change role, disable/enable, reset password, delete) and the
 * Audit trail with filters. Admin-only by {@code Authorization}; they use the same services as
 * {@code /api/v1/users} and {@code /api/v1/audit}.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PeoplePages {
  private static final int AUDIT_ROWS = 500;

  @Inject Template users;
  @Inject Template audit;
  @Inject Users people;
  @Inject SecurityIdentity identity;

  /** Every user, with a form to add one. */
  @GET
  @Path("users")
  public TemplateInstance list() {
    return usersPage(null);
  }

  /** Adds a user; they must change the password given here at their first login. */
  @POST
  @Path("users")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response create(@FormParam("username") String username, @FormParam("password") String password,
                         @FormParam("role") String role) {
    return act(() -> people.create(username, password, role, true));
  }

  /** Changes a user: {@code action} is disable, enable, delete, role or password. */
  @POST
  @Path("users/{name}/{action}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response change(@PathParam("name") String name, @PathParam("action") String action,
                         @FormParam("role") String role, @FormParam("password") String password) {
    return act(() -> {
      switch (action) {
        case "disable" -> people.update(name, null, true);
        case "enable" -> people.update(name, null, false);
        case "role" -> people.update(name, role, null);
        case "delete" -> people.delete(name);
        case "password" -> people.reset(name, password);
        default -> throw ApiProblem.notFound("no such action: " + action);
      }
    });
  }

  /** The audit trail, newest first, filtered by user, host, action and time range. */
  @GET
  @Path("audit")
  @Transactional
  public TemplateInstance auditTrail(@QueryParam("user") String user, @QueryParam("host") String host,
                                     @QueryParam("action") String action, @QueryParam("since") String since,
                                     @QueryParam("until") String until) {
    List<AuditView> entries = AuditQuery.of(user, host, action, since, until).run(AUDIT_ROWS, false).stream()
        .map(AuditView::of).toList();
    Map<String, String> filters = new java.util.LinkedHashMap<>();
    filters.put("user", user == null ? "" : user);
    filters.put("host", host == null ? "" : host);
    filters.put("action", action == null ? "" : action);
    filters.put("since", since == null ? "" : since);
    filters.put("until", until == null ? "" : until);
    return audit.data("user", identity.getPrincipal().getName()).data("entries", entries).data("filters", filters)
        .data("most", AUDIT_ROWS);
  }

  private Response act(Runnable change) {
    try {
      change.run();
    } catch (ApiProblem refused) {
      return Response.status(refused.status()).entity(usersPage(refused.getMessage()).render()).build();
    }
    return Response.seeOther(URI.create("/users")).build();
  }

  @Transactional
  TemplateInstance usersPage(String error) {
    return users.data("user", identity.getPrincipal().getName()).data("error", error)
        .data("people", User.<User>listAll(Sort.by("username")).stream().map(UserView::of).toList());
  }
}
