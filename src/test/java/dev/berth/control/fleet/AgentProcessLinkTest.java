package dev.berth.control.fleet;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.job.Job;
import dev.berth.control.job.JobEvent;
import dev.berth.control.job.JobState;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real agent process against this control plane: enrollment, jobs, crashes, removal. */
@QuarkusTest
class AgentProcessLinkTest {
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void survivesASigkillAndRunsAJobQueuedWhileAwayExactlyOnce() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "crashing-agent")) {
      Admin.api().body("{\"host\":\"crashing-agent\",\"kind\":\"echo\",\"params\":{\"hello\":\"world\"}}")
          .post("/api/v1/jobs?wait=30").then().statusCode(201)
          .body("state", equalTo("succeeded")).body("result.hello", equalTo("world"));

      agent.kill();
      agent.await("the host going offline within 15 s", Duration.ofSeconds(15), () -> !agent.online());

      String queued = Admin.api().body("{\"host\":\"crashing-agent\",\"kind\":\"echo\",\"params\":{\"n\":7}}")
          .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
      Thread.sleep(500);
      assertEquals("queued", Admin.api().get("/api/v1/jobs/" + queued).path("state"));

      agent.restart();
      agent.await("the host coming back online", Duration.ofSeconds(30), agent::online);
      agent.await("the queued job finishing", Duration.ofSeconds(30),
          () -> "succeeded".equals(Admin.api().get("/api/v1/jobs/" + queued).path("state")));
      assertEquals(1, startsOf(queued), "the job ran once");
    }
  }

  @Test
  void aJobSentAgainAfterAControlPlaneCrashIsAnsweredFromTheLedgerNotRunAgain() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "ledger-agent")) {
      String id = Admin.api().body("{\"host\":\"ledger-agent\",\"kind\":\"echo\",\"params\":{\"v\":1}}")
          .post("/api/v1/jobs?wait=30").then().body("state", equalTo("succeeded")).extract().path("id");

      // The fault: a control plane that crashed after the agent finished, before it stored the result.
      QuarkusTransaction.requiringNew().run(() ->
          Job.update("state = ?1, finishedAt = null, result = null where id = ?2", JobState.RUNNING, UUID.fromString(id)));
      agent.kill();
      agent.restart();
      agent.await("the re-sent job being answered", Duration.ofSeconds(30),
          () -> "succeeded".equals(Admin.api().get("/api/v1/jobs/" + id).path("state")));
      Admin.api().get("/api/v1/jobs/" + id).then().body("result.v", equalTo(1));
      assertEquals(1, startsOf(id), "the agent answered from its ledger instead of running the job again");
    }
  }

  @Test
  void aRunningJobIsCancelledOnTheAgent() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "cancel-agent")) {
      String id = Admin.api().body("{\"host\":\"cancel-agent\",\"kind\":\"sleep\",\"params\":{\"seconds\":60}}")
          .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
      agent.await("the job running", Duration.ofSeconds(15),
          () -> "running".equals(Admin.api().get("/api/v1/jobs/" + id).path("state")));
      Admin.api().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200).body("state", equalTo("cancelled"));
      // The agent stops the handler; the next job runs at once on the freed worker.
      Admin.api().body("{\"host\":\"cancel-agent\",\"kind\":\"echo\"}").post("/api/v1/jobs?wait=15")
          .then().body("state", equalTo("succeeded"));
    }
  }

  @Test
  void removingAHostClosesItsLinkAndRefusesItsAgentAfterwards() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "removed-agent")) {
      Admin.api().delete("/api/v1/hosts/removed-agent").then().statusCode(200);
      Integer exit = agent.exitCode(Duration.ofSeconds(20));
      assertEquals(3, exit, agent.output());
      assertTrue(agent.output().contains("refused this agent's credential"), agent.output());
      Admin.api().get("/api/v1/hosts/removed-agent").then().statusCode(404);
    }
  }

  @Test
  void aFrozenAgentGoesOfflineWithin15SecondsAndComesBackWhenItThaws() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "frozen-agent")) {
      // SIGSTOP keeps the TCP connection open but silences the agent: only heartbeats can tell.
      agent.signal("STOP");
      try {
        agent.await("the host going offline within 15 s", Duration.ofSeconds(15), () -> !agent.online());
      } finally {
        agent.signal("CONT");
      }
      agent.await("the host coming back online", Duration.ofSeconds(30), agent::online);
    }
  }

  @Test
  void aMalformedFrameClosesTheLinkAndChangesNothing() throws Exception {
    String credential = RestAssured.given().contentType("application/json")
        .body("{\"name\":\"rogue-agent\",\"token\":\"" + Admin.joinToken() + "\"}")
        .post("/api/v1/enroll").then().statusCode(201).extract().path("credential");
    CompletableFuture<String> closed = new CompletableFuture<>();
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + credential)
        .buildAsync(URI.create(controlPlane.toString().replaceFirst("^http", "ws") + "agent/link"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                closed.complete(reason);
                return null;
              }
            }).get(10, TimeUnit.SECONDS);
    socket.sendText("{\"type\":\"hello\",\"agentVersion\":\"rogue\",\"facts\":{},\"runningJobs\":[]}", true).get();
    TimeUnit.MILLISECONDS.sleep(300);
    // A job report that is not JSON at all: the link closes, and no job or host state changes.
    socket.sendText("{\"type\":\"job.finished\",\"id\":", true).get();
    String reason = closed.get(10, TimeUnit.SECONDS);
    assertTrue(reason.contains("protocol violation"), reason);
    // The session ends in the background: the host goes offline promptly, not at the same instant.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (Boolean.TRUE.equals(Admin.api().get("/api/v1/hosts/rogue-agent").path("online"))) {
      assertTrue(System.nanoTime() < deadline, "the rogue agent's host stayed online");
      Thread.sleep(50);
    }
  }

  private static long startsOf(String jobId) {
    return QuarkusTransaction.requiringNew().call(() ->
        JobEvent.count("jobId = ?1 and message = 'started'", UUID.fromString(jobId)));
  }
}
