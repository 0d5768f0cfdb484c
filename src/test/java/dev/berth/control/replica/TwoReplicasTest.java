package dev.berth.control.replica;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.fleet.Host;
import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.BerthTls;
import dev.berth.control.support.DockerCli;
import dev.berth.control.support.ReplicaProcess;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Two control-plane replicas on one PostgreSQL, both on HTTPS with one CA: this test's Quarkus (A)
 * and the packaged control plane as a process (B). Jobs, Docker API calls (attach and exec
 * included) and a web terminal made on A reach an agent linked to B, A forwarding to B over TLS,
 * and when B is killed its agent moves to A and no job is lost or run twice.
 */
@QuarkusTest
class TwoReplicasTest {
  @TestHTTPResource("/") URL replicaA;
  @Inject DataSource database;

  @Test
  void jobsAndDockerCallsReachTheOtherReplicasAgentsAndOutliveItsDeath() throws Exception {
    String nameOfA = ConfigProvider.getConfig().getValue("berth.replica", String.class);
    try (ReplicaProcess replicaB = ReplicaProcess.start("replica-b");
         AgentProcess onB = new AgentProcess(replicaB.url(), "rep-on-b").withReplicas(BerthTls.httpsUrl())
             .start(Admin.joinToken());
         AgentProcess onA = AgentProcess.startOnline(replicaA, "rep-on-a")) {
      onB.await("rep-on-b linked to replica B", Duration.ofSeconds(30), () -> "replica-b".equals(linkReplica("rep-on-b")));
      // Each records an HTTPS address the other checks B's certificate against: A's by default, B's as configured.
      assertThat(addressOf(nameOfA), startsWith("https://"));
      assertEquals("https://127.0.0.2:" + replicaB.url().getPort(), addressOf("replica-b"));

      // A job created on A for the agent linked to B runs at once, through PostgreSQL.
      assertSucceedsWithin(createJob("rep-on-b", "echo", "{\"x\":1}"), Duration.ofSeconds(5));
      assertSucceedsWithin(createJob("rep-on-a", "echo", "{\"x\":2}"), Duration.ofSeconds(5));

      // The docker CLI pointed at A drives the host linked to B: a streamed upload, a listing, a hijacked attach.
      DockerCli docker = new DockerCli(BerthTls.httpsUrl(), "rep-on-b");
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
        // Input travels too, and its end (the CLI's half-close) reaches the container through B.
        Path input = Files.writeString(Files.createTempFile("rep-input", ".txt"), "typed-on-a\n");
        DockerCli.Result catted = docker.run(input, "exec", "-i", "rep-detail", "cat");
        Files.delete(input);
        assertEquals(0, catted.exit(), catted.output());
        assertThat(catted.output(), containsString("typed-on-a"));
        // A web terminal opened on A, with A's authorisation, runs a shell in the container on B's host.
        assertTerminalRuns("rep-on-b", "rep-detail", docker);
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

  /** Opens the container's web terminal on A, types a command, sees its output; closing ends the shell. */
  private void assertTerminalRuns(String host, String container, DockerCli docker) throws Exception {
    StringBuffer screen = new StringBuffer();
    WebSocket.Listener listener = new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        screen.append(StandardCharsets.UTF_8.decode(data));
        socket.request(1);
        return null;
      }
    };
    String origin = "http://" + replicaA.getAuthority();
    WebSocket terminal = HttpClient.newHttpClient().newWebSocketBuilder()
        .header("Authorization", "Bearer " + Admin.token()).header("Origin", origin)
        .buildAsync(URI.create("ws://" + replicaA.getAuthority() + "/hosts/" + host + "/containers/" + container
            + "/terminal"), listener).get(20, TimeUnit.SECONDS);
    terminal.sendBinary(ByteBuffer.wrap("echo term-$((6*7))\r".getBytes(StandardCharsets.UTF_8)), true);
    await("the terminal's output", () -> screen.toString().contains("term-42"), screen::toString);
    assertTrue(runsShell(docker, container), docker.ok("top", container));
    terminal.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    await("the shell ending with the terminal", () -> !runsShell(docker, container), () -> docker.ok("top", container));
  }

  private static boolean runsShell(DockerCli docker, String container) throws Exception {
    return docker.ok("top", container).lines().anyMatch(line -> line.matches(".*\\ssh$"));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private interface Detail {
    String text() throws Exception;
  }

  private static void await(String what, Check check, Detail detail) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within 15 s: " + detail.text());
      }
      Thread.sleep(100);
    }
  }

  private String addressOf(String replica) throws SQLException {
    try (Connection connection = database.getConnection();
         PreparedStatement query = connection.prepareStatement("select internal_url from replica where name = ?")) {
      query.setString(1, replica);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
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
