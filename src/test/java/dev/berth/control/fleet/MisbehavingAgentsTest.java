package dev.berth.control.fleet;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.ScriptedAgent;
import dev.berth.link.message.InventoryReport;
import dev.berth.link.message.JobProgress;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Agents that flood, oversize or reconnect in a loop are limited ({@link AgentInbox},
 * {@link ReconnectThrottle}) while a real agent's jobs and heartbeats keep flowing.
 */
@QuarkusTest
class MisbehavingAgentsTest {
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void aFloodingAgentDoesNotSlowAnotherAgentsJobs() throws Exception {
    try (AgentProcess steady = AgentProcess.startOnline(controlPlane, "steady-agent");
         ScriptedAgent flooder = ScriptedAgent.enroll(controlPlane, "flooding-agent").connect()) {
      List<Long> quiet = roundTrips(steady, 5);
      double droppedBefore = metric("berth_link_messages_dropped_total");
      double coalescedBefore = metric("berth_link_messages_coalesced_total");

      AtomicBoolean flooding = new AtomicBoolean(true);
      AtomicInteger sent = new AtomicInteger();
      InventoryReport inventory = ScriptedAgent.containers("flood", 200);
      Thread flood = new Thread(() -> {
        // First a burst twice the allowed one, so that some is dropped however slowly this machine sends.
        while (sent.get() < 1000 && flooder.linked()) {
          int n = sent.incrementAndGet();
          flooder.send(new JobProgress("no-such-job-" + n, "flooding", n % 100));
        }
        while (flooding.get() && flooder.linked()) {
          int n = sent.incrementAndGet();
          flooder.send(n % 10 == 0 ? inventory : new JobProgress("no-such-job-" + n, "flooding", n % 100));
          if (n % 2 == 0) {
            pause(5); // about 400 messages a second: eight times the allowed rate, below the closing one
          }
        }
      }, "flooder");
      flood.start();
      List<Long> flooded;
      try {
        Thread.sleep(500);
        flooded = roundTrips(steady, 15);
      } finally {
        flooding.set(false);
        flood.join();
      }

      assertTrue(flooder.linked(), "the flooder is limited, not disconnected");
      assertTrue(steady.online(), "the steady agent stayed online");
      assertTrue(metric("berth_link_messages_dropped_total") > droppedBefore, "excess progress was dropped");
      assertTrue(metric("berth_link_messages_coalesced_total") > coalescedBefore, "inventory reports were coalesced");
      long quietMedian = median(quiet);
      long floodedMedian = median(flooded);
      System.out.printf("echo job round trip: quiet median %d ms; while %d messages flooded in: median %d ms, max %d ms%n",
          quietMedian, sent.get(), floodedMedian, Collections.max(flooded));
      // Relative to the quiet figure: the machine running the tests may be loaded by other work.
      assertTrue(floodedMedian < Math.max(500, 4 * quietMedian), "flooded median " + floodedMedian + " ms");
      assertTrue(Collections.max(flooded) < Math.max(3000, 8 * quietMedian), "flooded max " + Collections.max(flooded) + " ms");
      // The flooder's latest inventory was applied despite the coalescing.
      steady.await("the flooder's inventory", Duration.ofSeconds(10), () ->
          Admin.api().get("/api/v1/containers?host=flooding-agent&limit=500").jsonPath().getList("$").size() == 200);
    }
  }

  @Test
  void anOversizedInventoryIsRefusedAndTheLinkStays() throws Exception {
    try (ScriptedAgent agent = ScriptedAgent.enroll(controlPlane, "oversized-agent").connect()) {
      agent.send(ScriptedAgent.containers("huge", 20_001)).get();
      agent.send(ScriptedAgent.containers("small", 3)).get();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (Admin.api().get("/api/v1/containers?host=oversized-agent").jsonPath().getList("$").size() != 3) {
        assertTrue(System.nanoTime() < deadline, "the small inventory after the refused one was not applied");
        Thread.sleep(100);
      }
      Admin.api().get("/api/v1/containers?host=oversized-agent").then().body("[0].name", org.hamcrest.Matchers.startsWith("small-"));
      assertTrue(agent.linked(), "the link stays after a refused inventory");
      Admin.api().get("/api/v1/hosts/oversized-agent").then().body("online", equalTo(true));
    }
  }

  @Test
  void anAgentReconnectingInALoopIsRefusedWith429() throws Exception {
    try (ScriptedAgent looping = ScriptedAgent.enroll(controlPlane, "looping-agent")) {
      int opened = 0;
      WebSocketHandshakeException refused = null;
      while (refused == null) {
        try {
          looping.dial().close("looping");
          opened++;
          assertTrue(opened <= 30, "more than 30 upgrades in a minute were accepted");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof WebSocketHandshakeException handshake)) {
            throw e;
          }
          refused = handshake;
        }
      }
      assertEquals(30, opened);
      assertEquals(429, refused.getResponse().statusCode());
      assertTrue(Integer.parseInt(refused.getResponse().headers().firstValue("Retry-After").orElseThrow()) > 0);
      try {
        looping.dial();
        fail("the looping agent was let in again during its penalty");
      } catch (ExecutionException e) {
        assertEquals(429, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
      }
      // Others are not affected.
      try (ScriptedAgent other = ScriptedAgent.enroll(controlPlane, "patient-agent").connect()) {
        assertTrue(other.linked());
      }
    }
  }

  @Test
  void aRealAgentRefusedWith429KeepsRetryingLater() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, "throttled-agent")) {
      agent.kill();
      String credential = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(agent.dataDir().resolve("state/credential.json").toFile()).path("credential").asText();
      try (ScriptedAgent sameHost = ScriptedAgent.withCredential(controlPlane, "throttled-agent", credential)) {
        for (int upgrades = 1; ; upgrades++) { // the agent's own upgrade counted too
          assertTrue(upgrades <= 30, "more than 30 upgrades in a minute were accepted");
          try {
            sameHost.dial().close("looping");
          } catch (ExecutionException refused) {
            assertEquals(429, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            break;
          }
        }
      }
      agent.restart();
      agent.await("the agent told to connect later", Duration.ofSeconds(20),
          () -> agent.output().contains("asks this agent to connect later (HTTP 429)"));
      assertTrue(agent.running(), "the agent gave up instead of retrying later:\n" + agent.output());
    }
  }

  @Test
  void anAgentFloodingFarAboveTheRateIsDisconnected() throws Exception {
    try (ScriptedAgent flooder = ScriptedAgent.enroll(controlPlane, "torrent-agent").connect()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      for (int n = 0; flooder.linked(); n++) {
        assertTrue(System.nanoTime() < deadline, "the flooder was not disconnected");
        var sent = flooder.send(new JobProgress("no-such-job-" + n, "torrent", 1));
        if (n % 100 == 0) {
          sent.exceptionally(closed -> null).join();
        }
      }
      String reason = flooder.closed().get(5, java.util.concurrent.TimeUnit.SECONDS);
      assertTrue(reason.contains("flooding: more than 500 messages a second"), reason);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<Long> roundTrips(AgentProcess agent, int count) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      Admin.api().body("{\"host\":\"steady-agent\",\"kind\":\"echo\",\"params\":{\"n\":" + i + "}}")
          .post("/api/v1/jobs?wait=30").then().statusCode(201).body("state", equalTo("succeeded"));
      millis.add((System.nanoTime() - start) / 1_000_000);
    }
    return millis;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  // The sum of a Prometheus counter over its labels.
  private static double metric(String name) {
    String text = Admin.api().accept("text/plain").get("/q/metrics").asString();
    Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} ([0-9.eE+-]+)$").matcher(text);
    double sum = 0;
    while (line.find()) {
      sum += Double.parseDouble(line.group(1));
    }
    return sum;
  }
}
