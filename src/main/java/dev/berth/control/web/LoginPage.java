package dev.berth.control.web;

import dev.berth.control.security.AuditLog;
import dev.berth.control.security.BerthAuthenticationMechanism;
import dev.berth.control.security.Sessions;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** The login page (open to everyone) and logout. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {
  @Inject Template login;
  @Inject Sessions sessions;
  @Inject AuditLog audit;
  @Inject RoutingContext http;

  /** The login form. */
  @GET
  @Path("login")
  public TemplateInstance form() {
    return login.data("error", null).data("username", "");
  }

  /** Checks the password, opens a session and goes to the fleet overview. */
  @POST
  @Path("login")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response submit(@FormParam("username") String username, @FormParam("password") String password) {
    String source = http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress();
    return sessions.login(username, password).map(secret -> {
      audit.record(username, source, "login", username, null, "ok");
      return Response.seeOther(URI.create("/")).cookie(cookie(secret, (int) Sessions.LIFETIME.toSeconds())).build();
    }).orElseGet(() -> {
      audit.record(username == null ? "" : username, source, "login", username, null, "refused: wrong username or password");
      return Response.status(401)
          .entity(login.data("error", "Wrong username or password.").data("username", username)).build();
    });
  }

  /** Ends the session. */
  @POST
  @Path("logout")
  public Response logout(@CookieParam(BerthAuthenticationMechanism.SESSION_COOKIE) String secret) {
    if (secret != null) {
      sessions.logout(secret);
    }
    return Response.seeOther(URI.create("/login")).cookie(cookie("", 0)).build();
  }

  private NewCookie cookie(String value, int maxAge) {
    return new NewCookie.Builder(BerthAuthenticationMechanism.SESSION_COOKIE)
        .value(value).path("/").maxAge(maxAge).httpOnly(true)
        .secure(http.request().isSSL()).sameSite(NewCookie.SameSite.STRICT).build();
  }
}
