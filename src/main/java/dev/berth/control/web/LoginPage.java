package dev.berth.control.web;

import dev.berth.control.security.AuditEvent;
import dev.berth.control.security.AuditLog;
import dev.berth.control.security.BerthAuthenticationMechanism;
import dev.berth.control.security.ClientAddress;
import dev.berth.control.security.LoginThrottle;
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
import java.time.Duration;
import java.util.Optional;

/**
 * The login page (open to everyone) and logout. Repeated failures are throttled
 * ({@link LoginThrottle}); every attempt, good, wrong or throttled, is audited.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {
  @Inject Template login;
  @Inject Sessions sessions;
  @Inject LoginThrottle throttle;
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
    String source = ClientAddress.of(http);
    String name = username == null ? "" : username;
    Optional<Duration> wait = throttle.wait(name, source);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      record(name, source, "refused: too many failed logins, retry in " + seconds + " s");
      return Response.status(429).header("Retry-After", seconds)
          .entity(login.data("error", "Too many failed logins. Try again in " + seconds + " seconds.")
              .data("username", name)).build();
    }
    Optional<String> secret = sessions.login(name, password);
    if (secret.isEmpty()) {
      throttle.failed(name, source);
      record(name, source, "refused: wrong username or password");
      return Response.status(401)
          .entity(login.data("error", "Wrong username or password.").data("username", name)).build();
    }
    throttle.succeeded(name);
    record(name, source, "ok");
    return Response.seeOther(URI.create("/"))
        .cookie(cookie(secret.get(), (int) sessions.lifetime().toSeconds())).build();
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

  private void record(String username, String source, String outcome) {
    audit.append(new AuditEvent(username, source, "login", null, "login", username, null, outcome));
  }

  private NewCookie cookie(String value, int maxAge) {
    return new NewCookie.Builder(BerthAuthenticationMechanism.SESSION_COOKIE)
        .value(value).path("/").maxAge(maxAge).httpOnly(true)
        .secure(http.request().isSSL() || "https".equalsIgnoreCase(http.request().scheme()))
        .sameSite(NewCookie.SameSite.STRICT).build();
  }
}
