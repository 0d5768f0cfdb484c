package dev.berth.control.docker;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.security.ApiToken;
import dev.berth.control.security.Secrets;
import dev.berth.control.security.User;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
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

    RestAssured.given().contentType("application/json")
        .body("{\"name\":\"tunnel-offline\",\"token\":\"" + Admin.joinToken() + "\"}").post("/api/v1/enroll");
    Admin.api().get("/docker/tunnel-offline/v1.47/info").then().statusCode(503)
        .body("message", containsString("offline"));
  }

  @Test
  void viewersReadButNeitherChangeAnythingNorReadFilesInsideContainers() {
    String token = viewerToken();
    RequestSpecification viewer = RestAssured.given()
        .header("Authorization", "Bearer " + token);
    viewer.get("/docker/" + HOST + "/v1.47/containers/json").then().statusCode(200);
    viewer.contentType("application/json").body("{\"Image\":\"busybox\"}")
        .post("/docker/" + HOST + "/v1.47/containers/create").then().statusCode(403)
        .body("message", containsString("read-only"));
    for (String files : new String[] {"/v1.47/containers/any/export", "/containers/any/archive?path=/etc",
        "/berth/volumes/any/backup"}) {
      RestAssured.given().header("Authorization", "Bearer " + token)
          .get("/docker/" + HOST + files).then().statusCode(403);
    }
    Admin.api().get("/docker/" + HOST + "/v1.47/containers/any/export").then().statusCode(404); // admins may
  }

  private static String viewerToken() {
    String token = Secrets.generate(Secrets.API_TOKEN_PREFIX);
    QuarkusTransaction.requiringNew().run(() -> {
      User user = new dev.berth.control.security.User();
      user.id = UUID.randomUUID();
      user.username = "viewer-" + user.id;
      user.passwordHash = "unusable";
      user.role = "viewer";
      user.createdAt = Instant.now();
      user.persist();
      ApiToken apiToken = new dev.berth.control.security.ApiToken();
      apiToken.id = UUID.randomUUID();
      apiToken.user = user;
      apiToken.name = "viewer";
      apiToken.tokenHash = Secrets.hash(token);
      apiToken.createdAt = user.createdAt;
      apiToken.persist();
    });
    return token;
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
