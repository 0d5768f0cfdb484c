package dev.berth.control.registry.credentials;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.EmbeddedPostgresResource;
import dev.berth.control.support.People;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.cookie.CookieFilter;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Credentials for external registries stored in the control plane: the admin-only API with its
 * problem+json refusals, secrets encrypted at rest and never returned nor audited, the dashboard
 * section, and a real agent pushing to and pulling from a real second registry (docker-registry
 * with htpasswd Basic auth) with the stored credentials, the host's own before the fleet's.
 */
@QuarkusTest
class RegistryCredentialsTest {
  private static final String API = "/api/v1/registry-credentials";
  private static final String HOST = "registry-credentials";
  @TestHTTPResource("/") URL controlPlane;
  @Inject EntityManager db;

  @Test
  void adminsStoreCredentialsWhoseSecretIsEncryptedAndNeverReturned() throws IOException {
    String secret = "secret-" + UUID.randomUUID();
    String registry = "registry-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com:5000";
    String operator = People.token(People.signIn(People.create("creds-op", "operator"), People.PASSWORD), "operator");
    People.api(operator).get(API).then().statusCode(403);
    People.api(operator).body(Map.of("registry", registry, "username", "u", "password", secret)).post(API)
        .then().statusCode(403);

    Admin.api().body(Map.of("registry", "not a registry!", "username", "u", "password", secret)).post(API)
        .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("invalid registry"));
    Admin.api().body(Map.of("registry", registry, "username", "u")).post(API)
        .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("password"));
    Admin.api().body(Map.of("registry", registry, "host", "no-such-host", "username", "u", "password", secret)).post(API)
        .then().statusCode(400).body("detail", containsString("no such host"));

    String id = Admin.api().body(Map.of("registry", "HTTPS://" + registry.toUpperCase() + "/v2/", "username", "robot",
            "password", secret)).post(API)
        .then().statusCode(201).body("registry", equalTo(registry)).body("host", nullValue())
        .body("username", equalTo("robot")).body("password", nullValue()).extract().path("id");
    Admin.api().body(Map.of("registry", registry, "username", "other", "password", "x")).post(API)
        .then().statusCode(409).contentType("application/problem+json");
    String listed = Admin.api().get(API).then().statusCode(200).body("id", hasItem(id)).extract().asString();
    assertFalse(listed.contains(secret), listed);
    Admin.api().body(Map.of("password", secret + "-2")).patch(API + "/" + id).then().statusCode(200)
        .body("username", equalTo("robot"));
    String one = Admin.api().get(API + "/" + id).then().statusCode(200).extract().asString();
    assertFalse(one.contains(secret), one);

    byte[] stored = QuarkusTransaction.requiringNew().call(() -> (byte[]) db
        .createNativeQuery("select secret from registry_credential where id = ?1").setParameter(1, UUID.fromString(id))
        .getSingleResult());
    assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret));
    Path key = EmbeddedPostgresResource.dataDir.resolve("registry-credentials.key");
    assertEquals(32, Files.size(key));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

    String audit = Admin.api().queryParam("action", "POST " + API).get("/api/v1/audit").then().statusCode(200)
        .extract().asString();
    assertTrue(audit.contains("robot"), audit);
    assertFalse(audit.contains(secret), audit);

    Admin.api().delete(API + "/" + id).then().statusCode(204);
    Admin.api().get(API + "/" + id).then().statusCode(404).contentType("application/problem+json");
    Admin.api().delete(API + "/not-an-id").then().statusCode(404);
  }

  @Test
  void theRegistryPageLetsAdminsStoreAndDeleteCredentials() {
    CookieFilter session = Admin.webSession();
    String csrf = People.csrf(session);
    String registry = "page-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    given().filter(session).redirects().follow(false).formParam("_csrf", csrf).formParam("registry", registry)
        .formParam("host", "").formParam("username", "pager").formParam("password", "page-secret-1")
        .post("/registry/credentials").then().statusCode(303);
    String page = given().filter(session).get("/registry").then().statusCode(200).extract().asString();
    assertTrue(page.contains("Credentials for other registries") && page.contains(registry), page);
    assertFalse(page.contains("page-secret-1"), page);
    given().filter(session).formParam("_csrf", csrf).formParam("registry", registry).formParam("username", "pager")
        .formParam("password", "x").post("/registry/credentials").then().statusCode(409)
        .body(containsString("stored already"));

    String id = Admin.api().get(API).then().extract().jsonPath().getList("findAll { it.registry == '" + registry + "' }.id",
        String.class).get(0);
    given().filter(session).redirects().follow(false).formParam("_csrf", csrf)
        .post("/registry/credentials/" + id + "/delete").then().statusCode(303);
    Admin.api().get(API + "/" + id).then().statusCode(404);

    CookieFilter viewer = People.signIn(People.create("creds-viewer", "viewer"), People.PASSWORD);
    String viewerPage = given().filter(viewer).get("/registry").then().statusCode(200).extract().asString();
    assertFalse(viewerPage.contains("Credentials for other registries"), viewerPage);
    given().filter(viewer).formParam("_csrf", People.csrf(viewer)).formParam("registry", registry)
        .formParam("username", "v").formParam("password", "v").post("/registry/credentials").then().statusCode(403);
  }

  @Test
  void agentsPushAndPullWithStoredCredentialsTheHostsOwnFirst() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-registry")), "needs the docker-registry package");
    Path dir = Files.createTempDirectory("berth-basic-registry");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String registry = "127.0.0.1:" + port;
    Files.writeString(dir.resolve("htpasswd"), "tester:" + bcrypt("s3cret-pw") + "\n");
    Files.writeString(dir.resolve("config.yml"), """
        version: 0.1
        log: {level: error, accesslog: {disabled: true}}
        storage: {filesystem: {rootdirectory: %1$s/root}}
        http: {addr: "%2$s"}
        auth: {htpasswd: {realm: test, path: %1$s/htpasswd}}
        """.formatted(dir, registry));
    Process server = new ProcessBuilder("docker-registry", "serve", dir.resolve("config.yml").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
    List<String> created = new java.util.ArrayList<>();
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      String image = registry + "/creds/busybox:1";
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "creds/local:1");
      assertEquals(0, imported.exit(), imported.output());
      docker.ok("tag", "creds/local:1", image);

      DockerCli.Result anonymous = docker.run(null, "push", image);
      assertTrue(anonymous.exit() != 0, anonymous.output());

      created.add(store(Map.of("registry", registry, "username", "tester", "password", "s3cret-pw")));
      String pushed = docker.ok("push", image);
      assertTrue(pushed.contains("1: digest: sha256:"), pushed);
      docker.ok("rmi", image);
      String pulled = docker.ok("pull", image);
      assertTrue(pulled.contains("Downloaded newer image for " + image), pulled);

      // The host's own (wrong) credentials come before the fleet's.
      String own = store(Map.of("registry", registry, "host", HOST, "username", "tester", "password", "wrong"));
      created.add(own);
      docker.ok("rmi", image);
      DockerCli.Result refused = docker.run(null, "pull", image);
      assertTrue(refused.exit() != 0, refused.output());
      Admin.api().delete(API + "/" + own).then().statusCode(204);
      docker.ok("pull", image);

      Admin.api().queryParam("action", "registry credentials handed out").get("/api/v1/audit").then().statusCode(200)
          .body("user", hasItem("agent:" + HOST)).body("target", hasItem(registry));
    } finally {
      created.forEach(id -> Admin.api().delete(API + "/" + id));
      server.destroy();
      server.waitFor();
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String store(Map<String, String> body) {
    return Admin.api().body(body).post(API).then().statusCode(201).extract().path("id");
  }

  /** An htpasswd bcrypt hash (what docker-registry accepts), made by the C library's crypt(3) through perl. */
  private static String bcrypt(String password) throws IOException, InterruptedException {
    String salt = "$2b$05$" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    Process perl = new ProcessBuilder("perl", "-e", "print crypt($ARGV[0], $ARGV[1])", password, salt).start();
    String hash = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, perl.waitFor());
    assertTrue(hash.startsWith("$2b$05$"), hash);
    return hash;
  }
}
