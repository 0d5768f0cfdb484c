package dev.berth.control.replica;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.fleet.Host;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.ReplicaProcess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two control-plane replicas on one PostgreSQL: this test's Quarkus (A) and the packaged control
 * plane as a process (B). Jobs and Docker API calls made on A reach an agent linked to B, and when
 * B is killed its agent moves to A and no job is lost or run twice.
 */
@QuarkusTest
class TwoReplicasTest {
  @TestHTTPResource("/") URL replicaA;

  @Test
  void jobsAndDockerCallsReachTheOtherReplicasAgentsAndOutliveItsDeath() throws Exception {
    String nameOfA = ConfigProvider.getConfig().getValue("berth.replica", String.class);
    try (ReplicaProcess replicaB = ReplicaProcess.start("replica-b");
         AgentProcess onB = new AgentProcess(replicaB.url(), "rep-on-b").withReplicas(replicaA).start(Admin.joinToken());
         AgentProcess onA = AgentProcess.startOnline(replicaA, "rep-on-a")) {
      onB.await("rep-on-b linked to replica B", Duration.ofSeconds(30), () -> "replica-b".equals(linkReplica("rep-on-b")));

      // A job created on A for the agent linked to B runs at once, through PostgreSQL.
      assertSucceedsWithin(createJob("rep-on-b", "echo", "{\"x\":1}"), Duration.ofSeconds(5));
      assertSucceedsWithin(createJob("rep-on-a", "echo", "{\"x\":2}"), Duration.ofSeconds(5));

      // The docker CLI pointed at A drives the host linked to B: a streamed upload, a listing, a hijacked attach.
      DockerCli docker = new DockerCli(replicaA, "rep-on-b");
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "replicas/busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      assertThat(docker.ok("ps", "-a"), containsString("CONTAINER ID"));
      DockerCli.Result echoed = docker.run(null, "run", "--rm", "replicas/busybox:1", "sh", "-c", "echo through-replica-a");
      assertEquals(0, echoed.exit(), echoed.output());
      assertThat(echoed.output(), containsString("through-replica-a"));
      // The control plane's own calls for a host's live data (a container's details) go through B as well.
      String id = docker.ok("run", "-d", "--name", "rep-detail", "replicas/busybox:1", "sh", "-c", "sleep 60").trim();
      try {
        Admin.api().get("/api/v1/containers/rep-on-b/rep-detail").then().statusCode(200)
            .body(containsString(id.substring(0, 12)));
        assertThat(docker.ok("exec", "rep-detail", "sh", "-c", "echo exec-through-replica-a"),
            containsString("exec-through-replica-a"));
      } finally {
        docker.run(null, "rm", "-f", "rep-detail");
      }

      // A cancel made on A reaches the agent linked to B: its sleep stops long before its 30 s.
      String cancelled = createJob("rep-on-b", "sleep", "{\"seconds\":30}");
      awaitState(cancelled, List.of("running"), Duration.ofSeconds(10));
      Admin.api().post("/api/v1/jobs/" + cancelled + "/cancel").then().statusCode(200);
      Path ledger = onB.dataDir().resolve("state/jobs/" + cancelled + ".json");
      onB.await("the agent stopping the cancelled job", Duration.ofSeconds(10), () -> recorded(ledger, "cancelled"));

      // And the other way round: the CLI pointed at B drives the host linked to A.
      assertThat(new DockerCli(replicaB.url(), "rep-on-a").ok("ps", "-a"), containsString("CONTAINER ID"));

      // B dies mid-job: the agent moves to A, the running job and one queued meanwhile finish exactly once.
      String inFlight = createJob("rep-on-b", "sleep", "{\"seconds\":2}");
      awaitState(inFlight, List.of("running", "succeeded"), Duration.ofSeconds(10));
      replicaB.kill();
      String queued = createJob("rep-on-b", "echo", "{\"x\":3}");
      onB.await("rep-on-b linked to replica A", Duration.ofSeconds(30), () -> nameOfA.equals(linkReplica("rep-on-b")));
      assertSucceedsWithin(inFlight, Duration.ofSeconds(20));
      assertSucceedsWithin(queued, Duration.ofSeconds(20));
      for (String job : List.of(inFlight, queued)) {
        List<String> events = Admin.api().get("/api/v1/jobs/" + job).path("events.message");
        assertEquals(1, events.stream().filter("succeeded"::equals).count(), "events of job " + job + ": " + events);
      }
      assertTrue(onA.online());
    }
  }

  private static boolean recorded(Path ledgerEntry, String state) {
    try {
      return Files.exists(ledgerEntry) && Files.readString(ledgerEntry).contains("\"" + state + "\"");
    } catch (IOException e) {
      return false;
    }
  }

  private static String linkReplica(String hostName) {
    return QuarkusTransaction.requiringNew().call(() -> Host.findByName(hostName).map(host -> host.linkReplica).orElse(null));
  }

  private static String createJob(String host, String kind, String params) {
    return Admin.api().body("{\"host\":\"" + host + "\",\"kind\":\"" + kind + "\",\"params\":" + params + "}")
        .post("/api/v1/jobs").then().statusCode(201).extract().path("id");
  }

  private static void assertSucceedsWithin(String job, Duration limit) throws InterruptedException {
    awaitState(job, List.of("succeeded"), limit);
  }

  private static void awaitState(String job, List<String> states, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    String state;
    while (!states.contains(state = Admin.api().get("/api/v1/jobs/" + job).path("state"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("job " + job + " is " + state + ", not " + states + " after " + limit);
      }
      Thread.sleep(100);
    }
  }
}
