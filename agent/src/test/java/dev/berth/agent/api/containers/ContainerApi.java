package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentConfig;
import dev.berth.agent.api.CapturedResponse;
import dev.berth.agent.api.DockerRequest;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.TestImages;
import dev.berth.agent.network.BridgeConfig;
import dev.berth.agent.network.TestBridges;
import dev.berth.agent.runtime.RuntimeFixture;
import dev.berth.agent.runtime.RuntimeSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A real agent in a temp data dir with a busybox image ("busybox:latest", every applet in /bin,
 * CMD sh) and its own cgroup parent, called through its Docker API router; {@link #restartAgent}
 * replaces it with a new agent over the same state. {@link #close} removes every trace of its
 * containers — runc state, mounts, cgroups — also after a failure.
 */
final class ContainerApi implements AutoCloseable {
  final Path dir;
  final RuntimeSettings settings;
  final String imageId;
  final Optional<BridgeConfig> bridge;
  private final AgentConfig config;
  /** The agent running now: {@link #restartAgent} replaces it. */
  AgentComponents agent;

  private ContainerApi(Path dir, Optional<BridgeConfig> bridge) throws IOException, InterruptedException {
    this.dir = dir;
    this.bridge = bridge;
    String cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    this.config = new AgentConfig(URI.create("http://127.0.0.1:1"), "local", dir.resolve("data"), Optional.empty());
    this.agent = AgentComponents.create(config, cgroupParent, bridge);
    this.settings = RuntimeSettings.of(agent.layout()).withCgroupParent(cgroupParent);
    Path tar = TestImages.busyboxRootfsTar(dir, "busybox", TestImages.APPLETS_AND_USERS);
    try (InputStream in = Files.newInputStream(tar)) {
      imageId = agent.images().importTar(in, List.of("CMD [\"sh\"]"), "", Optional.of(Reference.parse("busybox")))
          .id().toString();
    }
  }

  /** An agent in {@code dir}; skips the test unless it runs as root with runc and conmon installed. */
  static ContainerApi onThisHost(Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runc")) || Files.isExecutable(Path.of("/usr/bin/runc")),
        "needs runc");
    return new ContainerApi(dir, Optional.empty());
  }

  /** {@link #onThisHost} with a bridge network of the test's own ({@link TestBridges}), removed by {@link #close}. */
  static ContainerApi withBridgeOnThisHost(Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    return new ContainerApi(dir, Optional.of(TestBridges.unique(dir.resolve("network-state"))));
  }

  /** Answers {@code method path} with a JSON {@code body}. */
  CapturedResponse call(String method, String path, String body) throws IOException {
    return call(method, path, body.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code method path} with {@code body} (JSON or a tar). */
  CapturedResponse call(String method, String path, byte[] body) throws IOException {
    CapturedResponse response = new CapturedResponse();
    agent.dockerApi().handle(new DockerRequest(method, path, Map.of("Content-Type", List.of("application/json")),
        new ByteArrayInputStream(body)), response);
    assertTrue(response.ended, "the answer was ended");
    return response;
  }

  /** Answers {@code method path} without a body. */
  CapturedResponse call(String method, String path) throws IOException {
    return call(method, path, "");
  }

  /** A 200 JSON answer's body. */
  JsonNode json(String method, String path) throws IOException {
    CapturedResponse response = call(method, path);
    assertEquals(200, response.status, response.text());
    return response.json();
  }

  /** Creates a container from {@code body} (name optional); returns its id. */
  String create(String name, String body) throws IOException {
    CapturedResponse response = call("POST", "/v1.47/containers/create" + (name == null ? "" : "?name=" + name), body);
    assertEquals(201, response.status, response.text());
    return response.json().get("Id").asText();
  }

  /** Creates and starts a busybox container running {@code shell} with sh -c; returns its id. */
  String run(String name, String shell) throws IOException {
    String id = create(name, "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\"," + JsonText.quote(shell) + "]}");
    CapturedResponse started = call("POST", "/v1.47/containers/" + id + "/start");
    assertEquals(204, started.status, started.text());
    return id;
  }

  /** What a test does to the host between two agents, e.g. flush the agent's rules as a reboot would. */
  interface WhileStopped {
    void run() throws Exception;
  }

  /**
   * Stops the agent, runs {@code whileStopped}, and starts a new agent over the same data
   * directory, cgroup parent and bridge network, as a restart of the host's agent would.
   */
  void restartAgent(WhileStopped whileStopped) throws Exception {
    agent.close();
    agent = null;
    whileStopped.run();
    agent = AgentComponents.create(config, settings.cgroupParent(), bridge);
  }

  @Override
  public void close() throws Exception {
    try {
      if (agent != null) {
        agent.close();
      }
    } finally {
      try {
        RuntimeFixture.removeTraces(dir, settings);
      } finally {
        if (bridge.isPresent()) {
          TestBridges.remove(bridge.get());
        }
      }
    }
  }

  /** JSON string quoting for request bodies. */
  static final class JsonText {
    private JsonText() {}

    static String quote(String text) {
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
