package dev.berth.control.backup.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Schedules with a real agent and a driven clock: an occurrence is claimed once even when two
 * replicas' ticks race, each run makes a backup and retention keeps the last N; a failing run is
 * recorded on the schedule; bad schedules are refused. Also a container's volumes backed up as one group.
 */
@QuarkusTest
class BackupScheduleTest {
  private static final String HOST = "schedule-agent";
  @TestHTTPResource("/") URL controlPlane;
  @Inject BackupSchedules schedules;

  @Test
  void eachOccurrenceRunsOnceAndRetentionKeepsTheLastTwo() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      docker.ok("volume", "create", "sch-vol");
      Files.writeString(agent.dataDir().resolve("volumes/sch-vol/_data/data"), "some data");
      JsonPath created = Admin.api().body(Map.of("host", HOST, "volume", "sch-vol", "mode", "live",
          "cron", "0 3 * * *", "keepLast", 2)).post("/api/v1/backups/schedules").then().statusCode(201)
          .extract().jsonPath();
      UUID id = UUID.fromString(created.getString("id"));
      Instant first = Instant.parse(created.getString("nextRunAt"));
      assertTrue(first.toString().endsWith("T03:00:00Z"), first.toString());
      try {
        assertEquals(List.of(), schedules.runDue(first.minusSeconds(60)), "not due yet");
        for (int day = 0; day < 3; day++) {
          Instant at = first.plus(Duration.ofDays(day)).plusSeconds(20);
          var a = CompletableFuture.supplyAsync(() -> schedules.runDue(at));
          var b = CompletableFuture.supplyAsync(() -> schedules.runDue(at));
          List<UUID> ran = new ArrayList<>(a.get());
          ran.addAll(b.get());
          assertEquals(List.of(id), ran, "one replica runs the occurrence of day " + day);
          JsonPath schedule = awaitRun(agent, id);
          assertEquals("succeeded", schedule.getString("lastState"), schedule.prettify());
          assertEquals(first.plus(Duration.ofDays(day)).toString(), Instant.parse(schedule.getString("lastRunAt")).toString());
          assertEquals(first.plus(Duration.ofDays(day + 1)).toString(), Instant.parse(schedule.getString("nextRunAt")).toString());
        }
        List<String> kept = Admin.api().get("/api/v1/backups?host=" + HOST + "&volume=sch-vol").then().statusCode(200)
            .extract().jsonPath().getList("scheduleId");
        assertEquals(List.of(id.toString(), id.toString()), kept, "retention keeps the last two");
      } finally {
        Admin.api().delete("/api/v1/backups/schedules/" + id).then().statusCode(204);
      }
      Admin.api().get("/api/v1/backups/schedules/" + id).then().statusCode(404);
      for (String backup : Admin.api().get("/api/v1/backups?host=" + HOST).then().extract().jsonPath().<String>getList("id")) {
        Admin.api().delete("/api/v1/backups/" + backup).then().statusCode(204);
      }
    }
  }

  @Test
  void aFailingRunIsRecordedOnTheScheduleAndBadSchedulesAreRefused() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST + "-f")) {
      String problem = Admin.api().body(Map.of("host", HOST, "cron", "61 * * * *", "keepLast", 1))
          .post("/api/v1/backups/schedules").then().statusCode(400).extract().asString();
      assertTrue(problem.contains("invalid minute \\\"61\\\""), problem);
      problem = Admin.api().body(Map.of("cron", "@daily", "keepLast", 1))
          .post("/api/v1/backups/schedules").then().statusCode(400).extract().asString();
      assertTrue(problem.contains("give host or hostLabel"), problem);
      problem = Admin.api().body(Map.of("host", HOST, "cron", "@daily"))
          .post("/api/v1/backups/schedules").then().statusCode(400).extract().asString();
      assertTrue(problem.contains("one of them > 0"), problem);

      JsonPath created = Admin.api().body(Map.of("host", HOST + "-f", "volume", "sch-missing", "cron", "0 4 * * *",
          "keepDaily", 7)).post("/api/v1/backups/schedules").then().statusCode(201).extract().jsonPath();
      UUID id = UUID.fromString(created.getString("id"));
      try {
        assertEquals(List.of(id), schedules.runDue(Instant.parse(created.getString("nextRunAt"))));
        JsonPath schedule = awaitRun(agent, id);
        assertEquals("failed", schedule.getString("lastState"), schedule.prettify());
        assertTrue(schedule.getString("lastError").contains("sch-missing on " + HOST + "-f"), schedule.prettify());
        assertTrue(Admin.api().get("/api/v1/backups/schedules").then().extract().jsonPath().getList("id")
            .contains(id.toString()));
      } finally {
        Admin.api().delete("/api/v1/backups/schedules/" + id).then().statusCode(204);
      }
    }
  }

  @Test
  void everyVolumeOfAContainerIsBackedUpAsOneGroup() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST + "-c")) {
      DockerCli docker = new DockerCli(controlPlane, HOST + "-c");
      docker.run(DockerCli.busyboxRootfs(), "import", "-", "schedule/busybox:1");
      docker.ok("create", "--name", "sch-box", "-v", "sch-c1:/a", "-v", "sch-c2:/b", "-v", "/tmp:/host-tmp",
          "schedule/busybox:1", "sh");
      JsonPath group = Admin.api().body(Map.of("host", HOST + "-c", "container", "sch-box"))
          .post("/api/v1/backups?wait=60").then().statusCode(200).extract().jsonPath();
      assertEquals(List.of("succeeded", "succeeded"), group.getList("jobs.state"), group.prettify());
      JsonPath listed = Admin.api().get("/api/v1/backups?host=" + HOST + "-c").then().extract().jsonPath();
      assertEquals(List.of("sch-c1", "sch-c2"), listed.<String>getList("volume").stream().sorted().toList());
      assertEquals(List.of(group.getString("group"), group.getString("group")), listed.getList("group"));
      String problem = Admin.api().body(Map.of("host", HOST + "-c", "container", "sch-nothing"))
          .post("/api/v1/backups").then().statusCode(404).extract().asString();
      assertTrue(problem.contains("sch-nothing"), problem);
      for (String backup : listed.<String>getList("id")) {
        Admin.api().delete("/api/v1/backups/" + backup).then().statusCode(204);
      }
      docker.ok("rm", "-v", "sch-box");
    }
  }

  private static JsonPath awaitRun(AgentProcess agent, UUID id) throws InterruptedException {
    JsonPath[] last = new JsonPath[1];
    agent.await("schedule " + id + " to finish its run", Duration.ofSeconds(60), () -> {
      last[0] = Admin.api().get("/api/v1/backups/schedules/" + id).then().statusCode(200).extract().jsonPath();
      return !"running".equals(last[0].getString("lastState"));
    });
    return last[0];
  }
}
