package dev.berth.control.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders refused requests as {@code application/problem+json}. */
public class ProblemMappers {
  /** Media type of problem details. */
  public static final String PROBLEM_JSON = "application/problem+json";

  @ServerExceptionMapper
  public Response problem(ApiProblem problem) {
    return response(problem.status(), problem.getMessage());
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    Response original = e.getResponse();
    if (original.getStatus() == 302 || original.getStatus() == 303) {
      return original;
    }
    return response(original.getStatus(), e.getMessage());
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
