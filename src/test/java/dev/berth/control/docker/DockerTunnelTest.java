package dev.berth.control.docker;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The Docker Engine API of a host, through the control plane and the link, with the stock docker CLI. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerTunnelTest {
  private static final String HOST = "tunnel-host";
  @TestHTTPResource("/") URL controlPlane;
  private AgentProcess agent;
  private Path dockerConfig;

  // Not @BeforeAll: REST Assured only knows the test port once the first test begins.
  @BeforeEach
  void startAgentOnce() throws Exception {
    if (agent != null) {
      return;
    }
    agent = new AgentProcess(controlPlane, HOST).start(Admin.joinToken());
    agent.await("the host coming online", Duration.ofSeconds(30), agent::online);
    dockerConfig = Files.createTempDirectory("berth-docker-cli");
    Files.writeString(dockerConfig.resolve("config.json"),
        "{\"HttpHeaders\":{\"Authorization\":\"Bearer " + Admin.token() + "\"}}");
  }

  @AfterAll
  void stopAgent() throws InterruptedException {
    agent.close();
  }

  @Test
  void pingAnswersWithTheApiVersion() {
    Admin.api().head("/docker/" + HOST + "/_ping").then().statusCode(200).header("Api-Version", "1.47");
    Admin.api().get("/docker/" + HOST + "/_ping").then().statusCode(200).body(equalTo("OK"));
    Admin.api().get("/docker/" + HOST + "/v1.47/version").then().statusCode(200)
        .body("ApiVersion", equalTo("1.47")).body("Platform.Name", equalTo("Berth Engine"));
  }

  @Test
  void dockerVersionAndInfoShowBerthAndTheHostsFacts() throws Exception {
    CliResult version = docker(HOST, "version");
    assertEquals(0, version.exit, version.output);
    assertTrue(version.output.contains("Server: Berth Engine"), version.output);
    assertTrue(version.output.matches("(?s).*API version:\\s+1\\.47 \\(minimum version 1\\.24\\).*"), version.output);
    String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();

    CliResult info = docker(HOST, "info");
    assertEquals(0, info.exit, info.output);
    assertTrue(info.output.contains("Storage Driver: overlay2"), info.output);
    assertTrue(info.output.contains("Kernel Version: " + kernel), info.output);
  }

  @Test
  void unknownAndOfflineHostsGetDockerStyleErrors() throws Exception {
    CliResult unknown = docker("no-such-host", "version");
    assertTrue(unknown.output.contains("no such host: no-such-host"), unknown.output);
    Admin.api().get("/docker/no-such-host/v1.47/version").then().statusCode(404)
        .contentType("application/json").body("message", equalTo("no such host: no-such-host"));

    io.restassured.RestAssured.given().contentType("application/json")
        .body("{\"name\":\"tunnel-offline\",\"token\":\"" + Admin.joinToken() + "\"}").post("/api/v1/enroll");
    Admin.api().get("/docker/tunnel-offline/v1.47/info").then().statusCode(503)
        .body("message", containsString("offline"));
  }

  @Test
  void unknownEndpointsAreDockerStyleNotFound() {
    Admin.api().get("/docker/" + HOST + "/v1.47/no/such/endpoint").then().statusCode(404)
        .body("message", equalTo("page not found"));
  }

  private record CliResult(int exit, String output) {}

  private CliResult docker(String host, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "docker";
    System.arraycopy(args, 0, command, 1, args.length);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("DOCKER_HOST", "tcp://" + controlPlane.getHost() + ":" + controlPlane.getPort() + "/docker/" + host);
    env.put("DOCKER_CONFIG", dockerConfig.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("docker " + String.join(" ", args) + " hung");
    }
    return new CliResult(process.exitValue(), output);
  }
}
