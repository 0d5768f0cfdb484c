package dev.berth.control.security;

import dev.berth.control.api.ApiProblem;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.multipart.FormValue;

/**
 * Applies {@link Authorization} to every request of {@code /api/v1} and the dashboard, before the
 * endpoint runs: resources hold no role checks of their own. The body is read first, so a form's
 * {@code _csrf} field can be checked (and {@link RequestAudit} can record the parameters).
 */
public class AccessFilter {
  /** Request property holding the JSON body's bytes, for the audit. */
  static final String BODY = "berth.body";
  private static final int MOST_AUDITED_BODY = 64 * 1024;

  @Inject SecurityIdentity identity;
  @Inject Authorization authorization;

  @ServerRequestFilter(readBody = true)
  public Optional<Response> check(ContainerRequestContext request, UriInfo uri) throws java.io.IOException {
    keepJsonBody(request);
    String path = uri.getPath();
    if (mustChangePassword() && request.getMethod().equals("GET") && !path.startsWith("/api/")
        && !path.equals("/account/password")) {
      return Optional.of(Response.seeOther(URI.create("/account/password")).build());
    }
    String host = hostOf(uri, path);
    String csrf = request.getHeaderString(Csrf.HEADER);
    if (csrf == null) {
      csrf = formField(request, Csrf.FIELD);
    }
    AccessRequest access = new AccessRequest(request.getMethod(), path, host, csrf,
        request.getHeaderString("Sec-Fetch-Site"));
    authorization.refusal(identity, access).ifPresent(refusal -> {
      throw new ApiProblem(refusal.status(), refusal.message());
    });
    return Optional.empty();
  }

  /**
   * The host a request acts on or reads: its {@code {host}} path parameter, a host page's
   * {@code /hosts/{name}}, else a {@code ?host=} filter of a list.
   */
  private static String hostOf(UriInfo uri, String path) {
    String host = uri.getPathParameters().getFirst("host");
    if (host == null && path.startsWith("/hosts/")) {
      host = uri.getPathParameters().getFirst("name");
    }
    if (host == null) {
      String filter = uri.getQueryParameters().getFirst("host");
      host = filter == null || filter.isBlank() ? null : filter;
    }
    return host;
  }

  private boolean mustChangePassword() {
    return Boolean.TRUE.equals(identity.getAttribute(Identities.MUST_CHANGE_PASSWORD));
  }

  /** A field of a form body, or null. */
  static String formField(ContainerRequestContext request, String name) {
    ResteasyReactiveRequestContext context = CurrentRequestManager.get();
    if (context != null && context.getFormData() != null) {
      FormValue value = context.getFormData().getFirst(name);
      return value == null ? null : value.getValue();
    }
    return null;
  }

  // Only a body that is there, and only where reading may block: a GET that names a Content-Type
  // has no body to read, and a streaming endpoint (server-sent events) runs on the I/O thread.
  private static void keepJsonBody(ContainerRequestContext request) throws java.io.IOException {
    var type = request.getMediaType();
    boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (read || type == null || !type.getSubtype().endsWith("json") || !request.hasEntity() || !hasBody(request)
        || io.vertx.core.Context.isOnEventLoopThread()) {
      return;
    }
    byte[] body = request.getEntityStream().readAllBytes();
    request.setEntityStream(new java.io.ByteArrayInputStream(body));
    if (body.length <= MOST_AUDITED_BODY) {
      request.setProperty(BODY, body);
    }
  }

  private static boolean hasBody(ContainerRequestContext request) {
    String length = request.getHeaderString("Content-Length");
    return request.getHeaderString("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
  }
}
