package dev.berth.control.job;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.berth.control.support.Admin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs of a host whose agent is not connected: they wait, can be cancelled, and time out. */
@QuarkusTest
class JobLifecycleTest {
  private static final String HOST = "jobs-offline";

  private static boolean enrolled;

  // Not @BeforeAll: REST Assured only knows the test port once the first test begins.
  @BeforeEach
  void enrollHostWithoutAgentOnce() {
    if (enrolled) {
      return;
    }
    enrolled = true;
    io.restassured.RestAssured.given().contentType(ContentType.JSON)
        .body("{\"name\":\"" + HOST + "\",\"token\":\"" + Admin.joinToken() + "\"}")
        .post("/api/v1/enroll").then().statusCode(201);
  }

  private static String create(String body) {
    return Admin.api().body(body).post("/api/v1/jobs").then().statusCode(201)
        .header("Location", containsString("/api/v1/jobs/")).extract().path("id");
  }

  @Test
  void aJobForAnOfflineHostWaitsQueued() {
    String id = create("{\"host\":\"" + HOST + "\",\"kind\":\"echo\",\"params\":{\"x\":1}}");
    Admin.api().get("/api/v1/jobs/" + id).then().statusCode(200)
        .body("state", equalTo("queued")).body("host", equalTo(HOST))
        .body("events.message", hasItem("queued"));
  }

  @Test
  void cancellingAQueuedJobEndsItAndOnlyOnce() {
    String id = create("{\"host\":\"" + HOST + "\",\"kind\":\"sleep\",\"params\":{\"seconds\":5}}");
    Admin.api().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200).body("state", equalTo("cancelled"));
    Admin.api().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(409)
        .contentType("application/problem+json").body("detail", containsString("already cancelled"));
  }

  @Test
  void aJobPastItsDeadlineTimesOut() throws InterruptedException {
    String id = create("{\"host\":\"" + HOST + "\",\"kind\":\"echo\",\"timeoutSeconds\":1}");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!"timed_out".equals(Admin.api().get("/api/v1/jobs/" + id).path("state"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job did not time out");
      }
      Thread.sleep(200);
    }
    Admin.api().get("/api/v1/jobs/" + id).then().body("error", containsString("deadline"));
  }

  @Test
  void waitingReturnsTheJobAsItIsWhenTheWaitRunsOut() {
    Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"echo\"}").post("/api/v1/jobs?wait=1")
        .then().statusCode(201).body("state", equalTo("queued"));
  }

  @Test
  void badJobsAreRefusedBeforeAnythingIsStored() {
    Admin.api().body("{\"host\":\"no-such-host\",\"kind\":\"echo\"}").post("/api/v1/jobs")
        .then().statusCode(404).contentType("application/problem+json");
    Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"Bad Kind\"}").post("/api/v1/jobs").then().statusCode(400);
    Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"echo\",\"params\":[1]}").post("/api/v1/jobs").then().statusCode(400);
    Admin.api().body("{\"host\":\"" + HOST + "\",\"kind\":\"echo\",\"timeoutSeconds\":0}").post("/api/v1/jobs").then().statusCode(400);
    Admin.api().body("{not json").post("/api/v1/jobs").then().statusCode(400);
    Admin.api().get("/api/v1/jobs?kind=Bad%20Kind").then().statusCode(200).body("kind", not(hasItem("Bad Kind")));
    Admin.api().get("/api/v1/jobs/not-a-uuid").then().statusCode(404);
    Admin.api().get("/api/v1/jobs?state=sleeping").then().statusCode(400);
  }

  @Test
  void listsFilterByHostAndState() {
    create("{\"host\":\"" + HOST + "\",\"kind\":\"host.facts\"}");
    Admin.api().get("/api/v1/jobs?host=" + HOST + "&state=queued&kind=host.facts").then().statusCode(200)
        .body("host", not(hasItem(not(equalTo(HOST))))).body("state", hasItem("queued"));
  }
}
