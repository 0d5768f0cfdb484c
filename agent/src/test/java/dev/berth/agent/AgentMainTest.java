package dev.berth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.berth.agent.enroll.CredentialStore;
import dev.berth.agent.state.AgentLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up against a real HTTP server standing in for the control plane's enroll endpoint. */
class AgentMainTest {

  @TempDir Path dataDir;
  private HttpServer server;
  private final AtomicInteger enrollCalls = new AtomicInteger();

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void enrollsOnceThenStartsFromTheStoredCredential() throws IOException {
    URI controlPlane = serve(201, "{\"hostId\":\"0b7e8d3a-1c2f-4e5a-9b6c-7d8e9f0a1b2c\","
        + "\"name\":\"local\",\"credential\":\"secret\"}");

    // This stand-in refuses every link, so each run ends as soon as it dials (exit 3).
    assertEquals(3, AgentMain.run(config(controlPlane, Optional.of("join-1"))));
    assertEquals(3, AgentMain.run(config(controlPlane, Optional.empty())));

    assertEquals(1, enrollCalls.get());
    CredentialStore store = new CredentialStore(new AgentLayout(dataDir).credentialFile());
    assertEquals("secret", store.load().orElseThrow().credential());
    assertTrue(Files.isDirectory(new AgentLayout(dataDir).jobsDir()));
    assertTrue(Files.notExists(dataDir.resolve("run/docker.sock")), "the local socket was served, then removed");
  }

  @Test
  void refusedEnrollmentExitsNonZeroAndStoresNothing() throws IOException {
    URI controlPlane = serve(401, "{\"detail\":\"join token is invalid, expired or already used\"}");

    assertEquals(1, AgentMain.run(config(controlPlane, Optional.of("used"))));

    assertTrue(Files.notExists(new AgentLayout(dataDir).credentialFile()));
  }

  @Test
  void unenrolledHostWithoutTokenExitsNonZero() {
    assertEquals(1, AgentMain.run(config(URI.create("http://127.0.0.1:9"), Optional.empty())));
  }

  private AgentConfig config(URI controlPlane, Optional<String> token) {
    return new AgentConfig(controlPlane, "local", dataDir, token, Optional.of(dataDir.resolve("run/docker.sock")));
  }

  private URI serve(int status, String body) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/enroll", exchange -> {
      enrollCalls.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type",
          status == 201 ? "application/json" : "application/problem+json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.createContext("/agent/link", exchange -> {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    server.start();
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }
}
