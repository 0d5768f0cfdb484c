package dev.berth.control.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.Admin;
import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's log streams of a real agent's containers, read as a script would read them. */
@QuarkusTest
class ContainerLogsTest {
  private static final String HOST = "logs-agent";
  @TestHTTPResource("/") URL controlPlane;
  private static AgentProcess agent;
  private static DockerCli docker;

  // Once for the class, when the control plane is up (not yet in @BeforeAll).
  @BeforeEach
  void startAgent() throws Exception {
    if (agent != null) {
      return;
    }
    agent = AgentProcess.startOnline(controlPlane, HOST);
    docker = new DockerCli(controlPlane, HOST);
    DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "logs/busybox:1");
    assertEquals(0, imported.exit(), imported.output());
    docker.ok("run", "--name", "logs-one", "--label", "logs.app=web", "logs/busybox:1", "sh", "-c", "echo one-out; echo one-err >&2");
    docker.ok("run", "--name", "logs-two", "--label", "logs.app=web", "logs/busybox:1", "sh", "-c", "echo two-out");
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (agent == null) {
      return;
    }
    try {
      docker.run(null, "rm", "-f", "logs-one", "logs-two");
    } finally {
      agent.close();
    }
  }

  @Test
  void followsALogAlsoWhenTheRequestSaysItsBodyIsJson() {
    // Admin.api() sends Content-Type: application/json with its GET, as some clients do.
    Admin.api().get("/hosts/" + HOST + "/containers/logs-one/logs")
        .then().statusCode(200).body(containsString("event:stdout\ndata:one-out"))
        .body(containsString("event:stderr\ndata:one-err")).body(containsString("event:end"));
  }

  @Test
  void timestampsStartEachLineWhenAskedFor() {
    Admin.api().get("/hosts/" + HOST + "/containers/logs-one/logs?timestamps=1")
        .then().statusCode(200).body(matchesPattern("(?s).*event:stdout\ndata:\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z one-out\n.*"));
  }

  @Test
  void downloadsTheWholeLogAsAFile() {
    String file = given().header("Authorization", "Bearer " + Admin.token())
        .get("/hosts/" + HOST + "/containers/logs-one/logs/download")
        .then().statusCode(200).header("Content-Disposition", "attachment; filename=\"logs-one.log\"")
        .contentType(containsString("text/plain")).extract().asString();
    assertTrue(file.matches("(?s)\\d{4}-\\S+Z one-(out|err)\n\\d{4}-\\S+Z one-(out|err)\n"), file);
  }

  @Test
  void followsEveryContainerWithALabelInOneStream() throws InterruptedException {
    // the inventory follows the host within moments of the containers' start
    await(() -> given().header("Authorization", "Bearer " + Admin.token()).queryParam("host", HOST).queryParam("label", "logs.app=web").get("/logs")
        .then().statusCode(200).body(containsString("logs-one")).body(containsString("logs-two"))
        .body(containsString("data-log=\"/logs/stream?host=" + HOST + "&amp;label=logs.app%3Dweb&amp;name=\"")));
    String events = given().header("Authorization", "Bearer " + Admin.token())
        .queryParam("host", HOST).queryParam("label", "logs.app=web").get("/logs/stream").then().statusCode(200).extract().asString();
    assertTrue(events.contains("event:stdout\ndata:logs-one | one-out"), events);
    assertTrue(events.contains("event:stderr\ndata:logs-one | one-err"), events);
    assertTrue(events.contains("event:stdout\ndata:logs-two | two-out"), events);
    assertTrue(events.contains("event:note\ndata:logs-two: the container is not running"), events);
    assertTrue(events.strip().endsWith("event:end\ndata:every log ended"), events);

  }

  private static void await(Runnable check) throws InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        check.run();
        return;
      } catch (AssertionError notYet) {
        if (attempt == 50) {
          throw notYet;
        }
        Thread.sleep(200);
      }
    }
  }
}
