package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.CapturedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Restart policies and health checks as the stock docker CLI (28.x) sees them: inspect, ps, filters. */
@Tag("root")
class RestartAndHealthCliAsRootTest extends CliOnAgentTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void onFailureRestartsTwiceAndAlwaysWaitsRestartingUntilStopped() throws Exception {
    docker.run("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "echo try; exit 1");
    awaitOutput(out -> out.equals("exited 2 1"), "inspect", "--format",
        "{{.State.Status}} {{.RestartCount}} {{.State.ExitCode}}", "flaky");
    assertEquals("on-failure:2", inspect("flaky", "{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}"));
    assertEquals(List.of("try", "try", "try"), lines(docker.run("logs", "flaky")));

    docker.run("run", "-d", "--name", "looping", "--restart", "always", "busybox", "true");
    // the delays double from 100 ms: after a few restarts it waits long enough to be seen waiting
    awaitOutput(out -> out.matches("restarting true true [4-9]|restarting true true \\d\\d+"), "inspect", "--format",
        "{{.State.Status}} {{.State.Running}} {{.State.Restarting}} {{.RestartCount}}", "looping");
    assertTrue(docker.run("ps", "-f", "name=looping").contains("Restarting (0) "), "listed as running, as dockerd lists it");
    assertTrue(docker.fails("rm", "looping").contains(
        "cannot remove container \"/looping\": container is restarting: stop the container before removing or force remove"));
    docker.run("stop", "looping");
    String restarts = inspect("looping", "{{.RestartCount}}");
    Thread.sleep(500);
    assertEquals("exited false " + restarts, inspect("looping", "{{.State.Status}} {{.State.Restarting}} {{.RestartCount}}"));

    docker.run("run", "-d", "--name", "steady", "--restart", "unless-stopped", "busybox", "sleep", "30");
    docker.run("stop", "-t", "0", "steady");
    Thread.sleep(500);
    assertEquals("exited 137 0", inspect("steady", "{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}"));
  }

  @Test
  void restartPoliciesAndAutoRemovalExcludeEachOther() throws Exception {
    String conflict = docker.fails("run", "--rm", "--restart", "always", "busybox", "true");
    assertTrue(conflict.contains("conflicting options: cannot specify both --restart and --rm"), conflict);
    CapturedResponse refused = api.call("POST", "/v1.47/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":"
        + "{\"AutoRemove\":true,\"RestartPolicy\":{\"Name\":\"always\"}}}");
    assertEquals(400, refused.status);
    assertEquals("can't create 'AutoRemove' container with restart policy", refused.json().get("message").asText());
    CapturedResponse tooShort = api.call("POST", "/v1.47/containers/create",
        "{\"Image\":\"busybox\",\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":1000}}");
    assertEquals(400, tooShort.status);
    assertEquals("Interval in Healthcheck cannot be less than 1ms", tooShort.json().get("message").asText());
  }

  @Test
  void aHealthCheckTurnsTheContainerUnhealthyThenHealthyInInspectAndPs() throws Exception {
    String id = docker.run("run", "-d", "--name", "checked", "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms",
        "--health-retries", "2", "busybox", "sh", "-c", "sleep 3; mkdir -p /tmp; touch /tmp/ok; sleep 30").strip();
    docker.run("run", "-d", "--name", "patient", "--health-cmd", "true", "busybox", "sleep", "30"); // first check in 30 s
    docker.run("run", "-d", "--name", "unchecked", "busybox", "sleep", "30");
    String shortId = id.substring(0, 12);

    awaitOutput(out -> out.equals("unhealthy"), "inspect", "--format", "{{.State.Health.Status}}", "checked");
    String streak = inspect("checked", "{{.State.Health.FailingStreak}}");
    assertTrue(streak.matches("[2-9]|\\d\\d"), streak);
    assertTrue(psRow("checked").contains("(unhealthy)"), psRow("checked"));
    assertEquals(List.of(shortId), lines(docker.run("ps", "-q", "-f", "health=unhealthy")));

    awaitOutput(out -> out.equals("healthy"), "inspect", "--format", "{{.State.Health.Status}}", "checked");
    assertTrue(psRow("checked").matches(".*Up (Less than a second|\\d+ seconds) \\(healthy\\).*"), psRow("checked"));
    assertEquals(List.of(shortId), lines(docker.run("ps", "-q", "-f", "health=healthy")));
    JsonNode health = api.json("GET", "/v1.47/containers/checked/json").at("/State/Health");
    assertEquals(0, health.get("FailingStreak").asInt());
    JsonNode log = health.get("Log");
    assertTrue(log.size() >= 3 && log.size() <= 5, log.toString());
    assertEquals(1, log.get(0).get("ExitCode").asInt());
    assertEquals(0, log.get(log.size() - 1).get("ExitCode").asInt());
    assertTrue(log.get(0).get("Start").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), log.toString());
    assertEquals("{\"Test\":[\"CMD-SHELL\",\"test -f /tmp/ok\"],\"Interval\":200000000,\"Retries\":2}",
        inspect("checked", "{{json .Config.Healthcheck}}"));

    assertTrue(psRow("patient").contains("(health: starting)"), psRow("patient"));
    assertEquals("starting", inspect("patient", "{{.State.Health.Status}}"));
    assertEquals(List.of("patient"), lines(docker.run("ps", "--format", "{{.Names}}", "-f", "health=starting")));
    assertEquals(List.of("unchecked"), lines(docker.run("ps", "--format", "{{.Names}}", "-f", "health=none")));
    assertTrue(docker.fails("ps", "-f", "health=sick").contains("Unrecognised filter value for health: sick"));

    docker.run("stop", "-t", "0", "checked");
    assertEquals("unhealthy", inspect("checked", "{{.State.Health.Status}}"), "checks end with the container");
  }

  private String inspect(String name, String format) throws Exception {
    return docker.run("inspect", "--format", format, name).strip();
  }

  private String psRow(String name) throws Exception {
    return docker.run("ps", "-a", "-f", "name=^" + name + "$", "--format", "{{.Status}}").strip();
  }

  private void awaitOutput(Predicate<String> condition, String... args) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    String output = docker.run(args).strip();
    while (!condition.test(output) && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
      output = docker.run(args).strip();
    }
    assertTrue(condition.test(output), String.join(" ", args) + " in time: " + output);
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
