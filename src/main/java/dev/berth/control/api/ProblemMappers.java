package dev.berth.control.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.berth.control.database.DatabaseHealth;
import dev.berth.control.database.DatabaseOutageFilter;
import io.quarkus.qute.Template;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Renders refused requests: {@code application/problem+json} for the APIs, a readable page for
 * the dashboard (a browser asking for HTML outside the API paths).
 */
public class ProblemMappers {
  /** Media type of problem details. */
  public static final String PROBLEM_JSON = "application/problem+json";

  @Inject Template error;

  @ServerExceptionMapper
  public Response problem(ApiProblem problem, UriInfo uri, HttpHeaders headers) {
    return answer(problem.status(), problem.getMessage(), uri, headers);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
    Response original = e.getResponse();
    if (original.getStatus() == 302 || original.getStatus() == 303) {
      return original;
    }
    return answer(original.getStatus(), e.getMessage(), uri, headers);
  }

  private Response answer(int status, String detail, UriInfo uri, HttpHeaders headers) {
    String path = uri.getPath();
    boolean page = !path.startsWith("/api/") && !path.startsWith("/q/")
        && headers.getAcceptableMediaTypes().stream().anyMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE)
            && !type.isWildcardType());
    if (!page) {
      return response(status, detail);
    }
    String title = Response.Status.fromStatusCode(status) != null
        ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error";
    return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
        .entity(error.data("title", title).data("detail", detail).render()).build();
  }

  /** A request that reached PostgreSQL just as it became unreachable: 503, as {@link DatabaseOutageFilter} answers. */
  @ServerExceptionMapper
  public Response databaseUnreachable(PersistenceException e, UriInfo uri, HttpHeaders headers) {
    if (!DatabaseHealth.unreachable(e)) {
      throw e; // any other database failure stays a logged 500
    }
    return answer(503, DatabaseOutageFilter.DETAIL, uri, headers);
  }

  @ServerExceptionMapper
  public Response malformedJson(JsonProcessingException e) {
    return response(400, "malformed JSON: " + e.getOriginalMessage());
  }

  /** A problem+json response. */
  public static Response response(int status, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", Response.Status.fromStatusCode(status) != null
        ? Response.Status.fromStatusCode(status).getReasonPhrase() : "Error");
    body.put("status", status);
    body.put("detail", detail);
    return Response.status(status).type(PROBLEM_JSON).entity(body).build();
  }
}
