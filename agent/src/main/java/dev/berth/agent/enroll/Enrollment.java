package dev.berth.agent.enroll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.host.HostFacts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Trades a one-time join token for this host's own credential.
 *
 * <pre>
 * POST {controlPlane}/api/v1/enroll   {"name": "...", "token": "...", "facts": {...host facts...}}
 * 201  {"hostId": "uuid", "name": "...", "credential": "secret"}
 * 4xx/5xx  application/problem+json, whose "detail" says why
 * </pre>
 */
public final class Enrollment {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI enrollUri;
  private final HttpClient http;

  /** Returns a client for the control plane at {@code controlPlane}, e.g. {@code http://host:8080}. */
  public Enrollment(URI controlPlane, HttpClient http) {
    this.enrollUri = resolve(controlPlane, "api/v1/enroll");
    this.http = http;
  }

  /** Enrolls this host under {@code name}, describing it with {@code facts}. */
  public AgentCredential enroll(String name, String joinToken, HostFacts facts)
      throws EnrollmentException, IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("token", joinToken);
    body.set("facts", JSON.valueToTree(facts));
    HttpRequest request = HttpRequest.newBuilder(enrollUri)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
        .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IOException("cannot reach the control plane at " + enrollUri + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    if (response.statusCode() != 201) {
      throw new EnrollmentException(response.statusCode(), explain(response));
    }
    try {
      return JSON.readValue(response.body(), AgentCredential.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("control plane sent an unreadable enrollment answer: " + e.getMessage(), e);
    }
  }

  /** The problem's {@code detail}, else its {@code title}, else the bare status. */
  private static String explain(HttpResponse<byte[]> response) {
    try {
      JsonNode problem = JSON.readTree(response.body());
      for (String field : new String[] {"detail", "title"}) {
        if (problem != null && problem.path(field).isTextual() && !problem.get(field).asText().isBlank()) {
          return problem.get(field).asText();
        }
      }
    } catch (IOException notJson) {
      // fall through to the status line
    }
    return "enrollment failed: the control plane answered HTTP " + response.statusCode();
  }

  private static URI resolve(URI base, String relative) {
    String text = base.toString();
    return URI.create(text.endsWith("/") ? text : text + "/").resolve(relative);
  }
}
