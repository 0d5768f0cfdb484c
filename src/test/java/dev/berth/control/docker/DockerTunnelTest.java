package dev.berth.control.docker;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
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

  // Not @BeforeAll: REST Assured only knows the test port once the first test begins.
  @BeforeEach
  void startAgentOnce() throws Exception {
    if (agent != null) {
      return;
    }
    agent = AgentProcess.startOnline(controlPlane, HOST);
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
    DockerCli.Result version = docker(HOST, "version");
    assertEquals(0, version.exit(), version.output());
    assertTrue(version.output().contains("Server: Berth Engine"), version.output());
    assertTrue(version.output().matches("(?s).*API version:\\s+1\\.47 \\(minimum version 1\\.24\\).*"), version.output());
    String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim();

    DockerCli.Result info = docker(HOST, "info");
    assertEquals(0, info.exit(), info.output());
    assertTrue(info.output().contains("Storage Driver: overlay2"), info.output());
    assertTrue(info.output().contains("Kernel Version: " + kernel), info.output());
  }

  @Test
  void unknownAndOfflineHostsGetDockerStyleErrors() throws Exception {
    DockerCli.Result unknown = docker("no-such-host", "version");
    assertTrue(unknown.output().contains("no such host: no-such-host"), unknown.output());
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

  private DockerCli.Result docker(String host, String... args) throws Exception {
    return new DockerCli(controlPlane, host).run(null, args);
  }
}
