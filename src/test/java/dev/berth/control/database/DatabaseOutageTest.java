package dev.berth.control.database;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.fleet.AgentSession;
import dev.berth.control.fleet.AgentSessions;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.FrozenPostgres;
import dev.berth.control.support.ScriptedAgent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL frozen for 30 s under a running control plane: agent links stay, requests are refused
 * with 503 at once (not left hanging), and everything catches up by itself once it answers again.
 * Runs in a profile of its own, so its control plane and PostgreSQL are not the other tests'.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.OwnDatabase.class)
class DatabaseOutageTest {
  private static final String OUTAGE_MESSAGE = "the database is unavailable";
  @TestHTTPResource("/") URL controlPlane;
  @Inject AgentSessions sessions;

  /** A control plane and PostgreSQL of this test's own. */
  public static class OwnDatabase implements QuarkusTestProfile {}

  @Test
  void linksStayRequestsAreRefusedAndEverythingCatchesUpAfterAnOutage() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "outage-agent");
         ScriptedAgent reporter = ScriptedAgent.enroll(controlPlane, "outage-reporter").connect()) {
      echo();
      AgentSession link = sessions.findByName("outage-agent").orElseThrow();
      String sleeping = Admin.api().body("{\"host\":\"outage-agent\",\"kind\":\"sleep\",\"params\":{\"seconds\":6}}")
          .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
      agent.await("the sleep job running", Duration.ofSeconds(10),
          () -> "running".equals(Admin.api().get("/api/v1/jobs/" + sleeping).path("state")));

      long frozenAt = System.nanoTime();
      try (FrozenPostgres frozen = FrozenPostgres.freeze()) {
        TimeUnit.SECONDS.sleep(4); // the health probe notices within 3 s
        long start = System.nanoTime();
        Admin.api().body("{\"host\":\"outage-agent\",\"kind\":\"echo\"}").post("/api/v1/jobs")
            .then().statusCode(503).contentType("application/problem+json").body("detail", containsString(OUTAGE_MESSAGE));
        long refusedInMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(refusedInMillis < 1000, "the refusal took " + refusedInMillis + " ms");
        Admin.api().post("/docker/outage-agent/containers/create").then().statusCode(503)
            .body("message", containsString(OUTAGE_MESSAGE));
        given().accept("text/html").get("/").then().statusCode(503).contentType(containsString("text/html"))
            .body(containsString(OUTAGE_MESSAGE));
        // The job finishes and an inventory is reported while PostgreSQL is away.
        reporter.send(ScriptedAgent.containers("mended", 4)).get(5, TimeUnit.SECONDS);
        while (System.nanoTime() - frozenAt < TimeUnit.SECONDS.toNanos(30)) {
          assertSame(link, sessions.findByName("outage-agent").orElse(null), "the agent's link was dropped");
          assertTrue(reporter.linked(), "the scripted agent's link was dropped");
          TimeUnit.SECONDS.sleep(1);
        }
      }

      agent.await("requests accepted again", Duration.ofSeconds(10),
          () -> Admin.api().get("/api/v1/hosts/outage-agent").statusCode() == 200);
      echo();
      agent.await("the job that finished during the outage recorded", Duration.ofSeconds(10),
          () -> "succeeded".equals(Admin.api().get("/api/v1/jobs/" + sleeping).path("state")));
      agent.await("the inventory reported during the outage applied", Duration.ofSeconds(10),
          () -> Admin.api().get("/api/v1/containers?host=outage-reporter").jsonPath().getList("$").size() == 4);
      TimeUnit.SECONDS.sleep(6); // a presence refresh and offline sweep ran after the outage
      assertSame(link, sessions.findByName("outage-agent").orElse(null), "the agent reconnected");
      Admin.api().get("/api/v1/hosts/outage-agent").then().body("online", equalTo(true));
      Admin.api().get("/api/v1/hosts/outage-reporter").then().body("online", equalTo(true));
    }
  }

  @Test
  void aCrashedAndRecoveredPostgresIsUsedAgainWithoutRestartingBerth() throws Exception {
    Admin.api().get("/api/v1/hosts").then().statusCode(200);
    FrozenPostgres.crashOneBackend();
    // Pooled connections to the crashed server are dropped, new ones made: within seconds every
    // request succeeds again, the ones in between at worst refused with 503, never a 500.
    // Ten in a row 300 ms apart: longer than the health probe takes to notice its own broken
    // connection (every second, 2 s timeouts), so no 503 follows into the next test.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int successesInARow = 0;
    while (successesInARow < 10) {
      assertTrue(System.nanoTime() < deadline, "requests did not succeed again after PostgreSQL restarted");
      int status = Admin.api().body("{\"ttlSeconds\":60}").post("/api/v1/enrollment-tokens").statusCode();
      assertTrue(status == 201 || status == 503, "a request during the recovery answered " + status);
      successesInARow = status == 201 ? successesInARow + 1 : 0;
      TimeUnit.MILLISECONDS.sleep(300);
    }
  }

  private static void echo() {
    Admin.api().body("{\"host\":\"outage-agent\",\"kind\":\"echo\",\"params\":{\"v\":1}}")
        .post("/api/v1/jobs?wait=30").then().statusCode(201).body("state", equalTo("succeeded"));
  }
}
