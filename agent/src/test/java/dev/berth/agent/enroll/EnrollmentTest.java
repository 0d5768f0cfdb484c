package dev.berth.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.berth.agent.host.HostFacts;
import dev.berth.agent.host.HostFactsCollector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrolls against a real HTTP server standing in for the control plane's endpoint. */
class EnrollmentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private HttpServer server;
  private final AtomicReference<JsonNode> received = new AtomicReference<>();
  private final AtomicReference<String> receivedPath = new AtomicReference<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void postsNameTokenAndFactsAndReturnsTheIssuedCredential() throws Exception {
    URI controlPlane = serve(201, "application/json",
        "{\"hostId\":\"0b7e8d3a-1c2f-4e5a-9b6c-7d8e9f0a1b2c\",\"name\":\"local\",\"credential\":\"secret-1\"}");

    AgentCredential credential = enrollment(controlPlane).enroll("local", "join-abc", facts());

    assertEquals(new AgentCredential("0b7e8d3a-1c2f-4e5a-9b6c-7d8e9f0a1b2c", "local", "secret-1"), credential);
    assertEquals("/api/v1/enroll", receivedPath.get());
    assertEquals("local", received.get().get("name").asText());
    assertEquals("join-abc", received.get().get("token").asText());
    assertTrue(received.get().get("facts").get("kernelVersion").isTextual());
    assertTrue(received.get().get("facts").get("cpuCount").asInt() > 0);
  }

  @Test
  void refusalCarriesTheProblemDetail() throws Exception {
    URI controlPlane = serve(401, "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"join token is invalid, expired or already used\"}");

    EnrollmentException e = assertThrows(EnrollmentException.class,
        () -> enrollment(controlPlane).enroll("local", "used-token", facts()));

    assertEquals("join token is invalid, expired or already used", e.getMessage());
    assertEquals(401, e.status());
  }

  @Test
  void refusalWithoutAProblemBodyNamesTheStatus() throws Exception {
    URI controlPlane = serve(502, "text/html", "<html>bad gateway</html>");

    EnrollmentException e = assertThrows(EnrollmentException.class,
        () -> enrollment(controlPlane).enroll("local", "t", facts()));

    assertTrue(e.getMessage().contains("502"), e.getMessage());
  }

  private URI serve(int status, String contentType, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      receivedPath.set(exchange.getRequestURI().getPath());
      received.set(JSON.readTree(exchange.getRequestBody()));
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", contentType);
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static Enrollment enrollment(URI controlPlane) {
    return new Enrollment(controlPlane, HttpClient.newHttpClient());
  }

  private HostFacts facts() {
    return new HostFactsCollector(dataDir).collect();
  }
}
