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
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trades a one-time join token for this host's own credential.
 *
 * <pre>
 * POST {controlPlane}/api/v1/enroll   {"name": "...", "token": "...", "facts": {...host facts...},
 *                                     "publicKey": "PEM of the agent's public key" (optional)}
 * 201  {"hostId": "uuid", "name": "...", "credential": "secret",
 *       "certificate": "PEM", "caCertificate": "PEM"}   (the last two when a public key was sent)
 * 4xx/5xx  application/problem+json, whose "detail" says why
 * </pre>
 */
public final class Enrollment {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI enrollUri;
  private final HttpClient http;

  /** Returns a client for the control plane at {@code controlPlane}, e.g. {@code https://host:8080}. */
  public Enrollment(URI controlPlane, HttpClient http) {
    this.enrollUri = resolve(controlPlane, "api/v1/enroll");
    this.http = http;
  }

  /**
   * What enrollment gave: the credential, and, when a public key was sent, the client certificate,
   * Berth's CA certificate (PEM) and the certificates the control plane presented (over HTTPS).
   */
  public record Enrolled(AgentCredential credential, Optional<String> certificate, Optional<String> caCertificate,
      List<X509Certificate> serverChain) {}

  /** Enrolls this host under {@code name}, describing it with {@code facts}, without a certificate. */
  public AgentCredential enroll(String name, String joinToken, HostFacts facts)
      throws EnrollmentException, IOException, InterruptedException {
    return enroll(name, joinToken, facts, Optional.empty()).credential();
  }

  /** Enrolls this host under {@code name}, asking for a certificate of {@code publicKeyPem} when given. */
  public Enrolled enroll(String name, String joinToken, HostFacts facts, Optional<String> publicKeyPem)
      throws EnrollmentException, IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("token", joinToken);
    body.set("facts", JSON.valueToTree(facts));
    publicKeyPem.ifPresent(key -> body.put("publicKey", key));
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
      JsonNode answer = JSON.readTree(response.body());
      AgentCredential credential = new AgentCredential(answer.path("hostId").asText(null),
          answer.path("name").asText(null), answer.path("credential").asText(null));
      List<X509Certificate> chain = new ArrayList<>();
      if (response.sslSession().isPresent()) {
        for (Certificate certificate : response.sslSession().get().getPeerCertificates()) {
          chain.add((X509Certificate) certificate);
        }
      }
      return new Enrolled(credential, text(answer, "certificate"), text(answer, "caCertificate"), chain);
    } catch (IOException | IllegalArgumentException | ClassCastException e) {
      throw new IOException("control plane sent an unreadable enrollment answer: " + e.getMessage(), e);
    }
  }

  private static Optional<String> text(JsonNode answer, String field) {
    return answer.path(field).isTextual() ? Optional.of(answer.get(field).asText()) : Optional.empty();
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
