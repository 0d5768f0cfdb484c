package dev.berth.control.operation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.BerthTls;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.People;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fleet operations on three real agents (each its own process, data directory and bridge) labelled
 * {@code env=prod,zone=a}, {@code env=prod,zone=b} and {@code env=dev}: a pull from Berth's own
 * registry on all three with per-host progress, a run by label on the two prod hosts, stop and
 * remove by container label, a partial failure, an offline host whose part waits queued, cancel,
 * prune; and what is refused before anything is created.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetOperationsTest {
  static final String A = "fleetop-a";
  static final String B = "fleetop-b";
  static final String C = "fleetop-c";
  private static final String APP = "fleetop-web";
  private static final String VOLUME = "fleetop-data";
  @TestHTTPResource("/") URL controlPlane;
  private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
  private String image;

  // Not @BeforeAll: REST Assured only knows the test port once the first test begins.
  @BeforeEach
  void startAgentsOnce() throws Exception {
    if (!agents.isEmpty()) {
      return;
    }
    for (String host : List.of(A, B, C)) {
      agents.put(host, AgentProcess.startOnline(controlPlane, host));
    }
    labels(A, "{\"env\":\"prod\",\"zone\":\"a\"}");
    labels(B, "{\"env\":\"prod\",\"zone\":\"b\"}");
    labels(C, "{\"env\":\"dev\"}");
    DockerCli docker = new DockerCli(controlPlane, A);
    DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "fleetop/local:1");
    assertEquals(0, imported.exit(), imported.output());
    image = "127.0.0.1:" + BerthTls.httpsUrl().getPort() + "/fleetop/busybox:1";
    docker.ok("tag", "fleetop/local:1", image);
    docker.ok("push", image);
  }

  // Hosts of other tests may share the database: the operations here target these three by name or label.
  @AfterEach
  void removeTestContainers() throws Exception {
    for (Map.Entry<String, AgentProcess> agent : agents.entrySet()) {
      if (!agent.getValue().online()) {
        agent.getValue().restart();
        agent.getValue().await("host coming back", Duration.ofSeconds(30), agent.getValue()::online);
      }
      DockerCli docker = new DockerCli(controlPlane, agent.getKey());
      docker.run(null, "volume", "rm", "-f", VOLUME);
      for (String id : docker.ok("ps", "-aq", "--filter", "label=app=" + APP).split("\\s+")) {
        if (!id.isBlank()) {
          docker.run(null, "rm", "-f", id);
        }
      }
    }
  }

  @AfterAll
  void stopAgents() throws Exception {
    for (AgentProcess agent : agents.values()) {
      agent.close();
    }
  }

  @Test
  @Order(1)
  void hostLabelsAreValidatedAndFilterTheHostList() {
    Admin.api().body("{\"Env\":\"x\"}").patch("/api/v1/hosts/" + A + "/labels").then().statusCode(400)
        .contentType("application/problem+json").body("detail", containsString("invalid label key 'Env'"));
    Admin.api().body("{\"a..b\":\"x\"}").patch("/api/v1/hosts/" + A + "/labels").then().statusCode(400);
    Admin.api().body("{\"env\":\"bad\\nvalue\"}").patch("/api/v1/hosts/" + A + "/labels").then().statusCode(400);
    Admin.api().body("{\"env\":3}").patch("/api/v1/hosts/" + A + "/labels").then().statusCode(400);
    Admin.api().get("/api/v1/hosts/" + A + "/labels").then().statusCode(200).body("env", equalTo("prod"));

    Admin.api().body("{\"tmp\":\"1\"}").patch("/api/v1/hosts/" + C + "/labels").then().statusCode(200)
        .body("tmp", equalTo("1")).body("env", equalTo("dev"));
    Admin.api().delete("/api/v1/hosts/" + C + "/labels/tmp").then().statusCode(200).body("tmp", equalTo(null));
    Admin.api().body("{\"labels\":{\"tmp\":\"2\"}}").patch("/api/v1/hosts/" + C).then().statusCode(200)
        .body("labels.tmp", equalTo("2"));
    Admin.api().body("{\"tmp\":null}").patch("/api/v1/hosts/" + C + "/labels").then().statusCode(200)
        .body("tmp", equalTo(null));

    List<String> prod = Admin.api().get("/api/v1/hosts?selector=env=prod").then().statusCode(200)
        .extract().jsonPath().getList("name");
    assertTrue(prod.containsAll(List.of(A, B)) && !prod.contains(C), prod.toString());
    assertEquals(List.of(B), Admin.api().get("/api/v1/hosts?selector=env=prod,zone=b").then().statusCode(200)
        .extract().jsonPath().getList("name").stream().filter(n -> n.toString().startsWith("fleetop-")).toList());

    String operator = People.create("fleetop-op", "operator");
    String token = People.token(People.signIn(operator, People.PASSWORD), "operator");
    People.api(token).body("{\"env\":\"x\"}").patch("/api/v1/hosts/" + A + "/labels").then().statusCode(403);
  }

  @Test
  @Order(2)
  void invalidOperationsAreRefusedBeforeAnythingIsCreated() {
    int before = Admin.api().get("/api/v1/fleet/operations?limit=500").then().statusCode(200).extract().jsonPath()
        .getList("id").size();
    refused(400, "{\"kind\":\"explode\",\"target\":{\"all\":true}}", "kind must be one of");
    refused(400, "{\"kind\":\"pull\",\"target\":{\"all\":true},\"params\":{}}", "image is required");
    refused(400, "{\"kind\":\"pull\",\"target\":{\"all\":true},\"params\":{\"image\":\"Bad Name\"}}", "invalid reference format");
    refused(400, "{\"kind\":\"pull\",\"target\":{\"hosts\":[\"" + A + "\"],\"all\":true},\"params\":{\"image\":\"x\"}}",
        "exactly one of");
    refused(404, "{\"kind\":\"pull\",\"target\":{\"hosts\":[\"" + A + "\",\"fleetop-none\"]},\"params\":{\"image\":\"x\"}}",
        "no such host: fleetop-none");
    refused(400, "{\"kind\":\"pull\",\"target\":{\"selector\":\"env=nowhere\"},\"params\":{\"image\":\"x\"}}",
        "matches no host");
    refused(400, "{\"kind\":\"stop\",\"target\":{\"all\":true},\"params\":{}}", "labels is required");
    refused(400, "{\"kind\":\"run\",\"target\":{\"all\":true},\"params\":{\"image\":\"x\",\"ports\":[\"99999:80\"]}}",
        "invalid port mapping");
    refused(400, "{\"kind\":\"run\",\"target\":{\"all\":true},\"params\":{\"image\":\"x\",\"restart\":\"sometimes\"}}",
        "restart must be");

    // An operator granted A only: naming B is refused; a selector matching both is narrowed to A.
    String operator = People.create("fleetop-op", "operator");
    Admin.api().body("{\"hosts\":[\"" + A + "\"]}").put("/api/v1/users/" + operator + "/grants").then().statusCode(200);
    String token = People.token(People.signIn(operator, People.PASSWORD), "operator");
    People.api(token).body("{\"kind\":\"prune\",\"target\":{\"hosts\":[\"" + A + "\",\"" + B + "\"]}}")
        .post("/api/v1/fleet/operations").then().statusCode(403).body("detail", containsString("not granted host " + B));
    String viewer = People.create("fleetop-viewer", "viewer");
    People.api(People.token(People.signIn(viewer, People.PASSWORD), "viewer"))
        .body("{\"kind\":\"prune\",\"target\":{\"all\":true}}").post("/api/v1/fleet/operations").then().statusCode(403);
    assertEquals(before, Admin.api().get("/api/v1/fleet/operations?limit=500").then().extract().jsonPath()
        .getList("id").size());

    JsonPath narrowed = People.api(token).body("{\"kind\":\"prune\",\"target\":{\"selector\":\"env=prod\"}}")
        .post("/api/v1/fleet/operations").then().statusCode(201).extract().jsonPath();
    assertEquals(List.of(A), narrowed.getList("hosts.host"));
    assertEquals(B, narrowed.getString("skipped[0].host"));
    assertTrue(narrowed.getString("skipped[0].reason").startsWith("not granted to " + operator));
    awaitFinal(narrowed.getString("id"));
    long deadline = System.currentTimeMillis() + 5000; // entries are written once the answer has gone
    while (Admin.api().queryParam("user", operator).get("/api/v1/audit").jsonPath().getList("action").size() < 2
        && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    List<String> audited = Admin.api().queryParam("user", operator).get("/api/v1/audit").then().statusCode(200)
        .extract().jsonPath().getList("outcome");
    assertTrue(audited.containsAll(List.of("status 403", "ok")), audited.toString()); // refused, then the narrowed one
  }

  @Test
  @Order(3)
  void pullsOnThreeHostsWithPerHostProgress() {
    JsonPath done = awaitFinal(start("{\"kind\":\"pull\",\"target\":{\"hosts\":[\"" + A + "\",\"" + B + "\",\"" + C
        + "\"]},\"params\":{\"image\":\"" + image + "\"}}"));
    assertEquals("succeeded", done.getString("state"), done.prettify());
    assertEquals(3, done.getInt("counts.succeeded"));
    assertEquals(100, done.getInt("progress"));
    List<String> ids = done.getList("hosts.result.id");
    assertEquals(1, ids.stream().distinct().count(), ids.toString());
    for (String host : List.of(B, C)) {
      String job = done.getString("hosts.find { it.host == '" + host + "' }.jobId");
      JsonPath jobView = Admin.api().get("/api/v1/jobs/" + job).then().statusCode(200).extract().jsonPath();
      assertEquals(done.getString("id"), jobView.getString("operationId"));
      List<String> messages = jobView.getList("events.message");
      assertTrue(messages.stream().anyMatch(m -> m.matches("1 of 1 layers, [0-9.]+ of [0-9.]+ MB")), messages.toString());
      assertTrue(done.getString("hosts.find { it.host == '" + host + "' }.message").contains("layers"), done.prettify());
    }
  }

  @Test
  @Order(4)
  void runsByLabelOnTwoOfThreeHostsThenStopsAndRemovesByLabel() throws Exception {
    JsonPath run = awaitFinal(start("{\"kind\":\"run\",\"target\":{\"selector\":\"env=prod\"},\"params\":{\"image\":\""
        + image + "\",\"name\":\"" + APP + "\",\"command\":[\"sleep\",\"300\"],\"env\":[\"GREETING=hi\"],"
        + "\"ports\":[\"80\"],\"restart\":\"unless-stopped\",\"labels\":{\"app\":\"" + APP + "\"}}}"));
    assertEquals("succeeded", run.getString("state"), run.prettify());
    assertEquals(List.of(A, B), run.getList("hosts.host"));
    for (String host : List.of(A, B)) {
      String state = new DockerCli(controlPlane, host).ok("inspect", "--format",
          "{{.State.Status}} {{.HostConfig.RestartPolicy.Name}} {{index .Config.Labels \"app\"}}", APP).trim();
      assertEquals("running unless-stopped " + APP, state);
    }
    assertTrue(new DockerCli(controlPlane, C).ok("ps", "-aq", "--filter", "label=app=" + APP).isBlank());

    JsonPath stop = awaitFinal(start("{\"kind\":\"stop\",\"target\":{\"selector\":\"env\"},\"params\":{\"labels\":[\"app="
        + APP + "\"],\"timeoutSeconds\":1}}"));
    assertEquals("succeeded", stop.getString("state"), stop.prettify());
    assertEquals(List.of(APP), stop.getList("hosts.find { it.host == '" + A + "' }.result.stopped"));
    assertEquals(List.of(), stop.getList("hosts.find { it.host == '" + C + "' }.result.stopped"));
    assertEquals("exited", new DockerCli(controlPlane, B).ok("inspect", "--format", "{{.State.Status}}", APP).trim());

    JsonPath remove = awaitFinal(start("{\"kind\":\"remove\",\"target\":{\"selector\":\"env=prod\"},\"params\":{\"labels\":\"app="
        + APP + "\"}}"));
    assertEquals("succeeded", remove.getString("state"), remove.prettify());
    for (String host : List.of(A, B)) {
      assertEquals(List.of(APP), remove.getList("hosts.find { it.host == '" + host + "' }.result.removed"));
      assertTrue(new DockerCli(controlPlane, host).ok("ps", "-aq", "--filter", "label=app=" + APP).isBlank());
    }
  }

  @Test
  @Order(5)
  void aPartialFailureIsReportedHostByHost() {
    // fleetop/local:1 is only on A (imported there): the run succeeds on A and fails on B and C.
    JsonPath run = awaitFinal(start("{\"kind\":\"run\",\"target\":{\"selector\":\"env\"},\"params\":{\"image\":\"fleetop/local:1\","
        + "\"command\":[\"sleep\",\"300\"],\"labels\":{\"app\":\"" + APP + "\"}}}"));
    assertEquals("partial", run.getString("state"), run.prettify());
    assertEquals("succeeded", run.getString("hosts.find { it.host == '" + A + "' }.state"));
    for (String host : List.of(B, C)) {
      assertEquals("failed", run.getString("hosts.find { it.host == '" + host + "' }.state"));
      assertEquals("No such image: fleetop/local:1", run.getString("hosts.find { it.host == '" + host + "' }.error"));
    }
    JsonPath remove = awaitFinal(start("{\"kind\":\"remove\",\"target\":{\"hosts\":[\"" + A + "\"]},\"params\":{\"labels\":[\"app="
        + APP + "\"],\"force\":true}}"));
    assertEquals("succeeded", remove.getString("state"), remove.prettify());
  }

  @Test
  @Order(6)
  void anOfflineHostsPartWaitsQueuedUntilItConnectsOrIsCancelled() throws Exception {
    AgentProcess c = agents.get(C);
    c.kill();
    c.await("host going offline", Duration.ofSeconds(30), () -> !c.online());

    String cancelled = start("{\"kind\":\"prune\",\"target\":{\"hosts\":[\"" + A + "\",\"" + C + "\"]}}");
    awaitHost(cancelled, A, "succeeded");
    JsonPath waiting = operation(cancelled);
    assertEquals("running", waiting.getString("state"), waiting.prettify());
    assertEquals("queued", waiting.getString("hosts.find { it.host == '" + C + "' }.state"));
    Admin.api().post("/api/v1/fleet/operations/" + cancelled + "/cancel").then().statusCode(200)
        .body("state", equalTo("cancelled"));
    Admin.api().post("/api/v1/fleet/operations/" + cancelled + "/cancel").then().statusCode(409)
        .contentType("application/problem+json");

    String pending = start("{\"kind\":\"prune\",\"target\":{\"hosts\":[\"" + C + "\"]},\"params\":{\"all\":true}}");
    assertEquals("queued", operation(pending).getString("state"));
    c.restart();
    c.await("host coming back", Duration.ofSeconds(30), c::online);
    JsonPath ran = awaitFinal(pending);
    assertEquals("succeeded", ran.getString("state"), ran.prettify());
    assertTrue(ran.getList("hosts[0].result.ImagesDeleted").size() >= 1, ran.prettify()); // the pulled image
    JsonPath stillCancelled = operation(cancelled);
    assertEquals("cancelled", stillCancelled.getString("hosts.find { it.host == '" + C + "' }.state"));
    assertEquals("succeeded", stillCancelled.getString("hosts.find { it.host == '" + A + "' }.state"));
  }

  @Test
  @Order(7)
  void prunesImagesOnTheHostsOfASelector() throws Exception {
    JsonPath pruned = awaitFinal(start("{\"kind\":\"prune\",\"target\":{\"selector\":\"zone=b\"},\"params\":{\"all\":true}}"));
    assertEquals("succeeded", pruned.getString("state"), pruned.prettify());
    assertEquals(List.of(B), pruned.getList("hosts.host"));
    assertTrue(pruned.getList("hosts[0].result.ImagesDeleted").size() >= 1, pruned.prettify());
    assertTrue(new DockerCli(controlPlane, B).run(null, "image", "inspect", image).exit() != 0);
  }

  @Test
  @Order(8)
  void backsUpVolumesByLabelAndByNameWithTheBackupService() throws Exception {
    for (String host : List.of(A, B)) {
      new DockerCli(controlPlane, host).ok("volume", "create", "--label", "backup=fleetop", VOLUME);
    }
    agents.get(B).await("the inventory showing the volumes", Duration.ofSeconds(30), () -> List.of(A, B).stream()
        .allMatch(host -> Admin.api().get("/api/v1/volumes?host=" + host).then().extract().jsonPath()
            .getList("name").contains(VOLUME)));

    JsonPath byLabel = awaitFinal(start("{\"kind\":\"backup\",\"target\":{\"selector\":\"env\"},\"params\":"
        + "{\"volumeLabel\":\"backup=fleetop\"}}"));
    assertEquals("succeeded", byLabel.getString("state"), byLabel.prettify());
    assertEquals(List.of(A, B), byLabel.getList("hosts.host"));
    assertEquals(List.of(VOLUME, VOLUME), byLabel.getList("hosts.result.volume"));
    assertEquals(C, byLabel.getString("skipped[0].host"));

    JsonPath byName = awaitFinal(start("{\"kind\":\"backup\",\"target\":{\"hosts\":[\"" + A + "\",\"" + C
        + "\"]},\"params\":{\"volume\":\"" + VOLUME + "\",\"mode\":\"pause\"}}"));
    assertEquals("succeeded", byName.getString("state"), byName.prettify());
    assertEquals(List.of(A), byName.getList("hosts.host"));
    assertEquals("has no volume " + VOLUME, byName.getString("skipped[0].reason"));
    for (JsonPath op : List.of(byLabel, byName)) {
      for (Object job : op.getList("hosts.jobId")) {
        Admin.api().delete("/api/v1/backups/" + job).then().statusCode(204);
      }
    }
  }

  static void labels(String host, String labels) {
    Admin.api().body(labels).patch("/api/v1/hosts/" + host + "/labels").then().statusCode(200);
  }

  private static void refused(int status, String body, String detail) {
    Admin.api().body(body).post("/api/v1/fleet/operations").then().statusCode(status)
        .contentType("application/problem+json").body("detail", containsString(detail));
  }

  static String start(String body) {
    return Admin.api().body(body).post("/api/v1/fleet/operations").then().statusCode(201)
        .header("Location", containsString("/api/v1/fleet/operations/")).extract().path("id");
  }

  static JsonPath operation(String id) {
    return Admin.api().get("/api/v1/fleet/operations/" + id).then().statusCode(200).extract().jsonPath();
  }

  static JsonPath awaitFinal(String id) {
    return await(id, op -> List.of("succeeded", "failed", "partial", "cancelled").contains(op.getString("state")));
  }

  private static void awaitHost(String id, String host, String state) {
    await(id, op -> state.equals(op.getString("hosts.find { it.host == '" + host + "' }.state")));
  }

  private static JsonPath await(String id, java.util.function.Predicate<JsonPath> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> seen = new ArrayList<>();
    while (true) {
      JsonPath op = operation(id);
      seen.add(op.getString("state"));
      if (done.test(op)) {
        return op;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("operation " + id + " did not get there: " + op.prettify());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
