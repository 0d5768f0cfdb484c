package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent process is SIGKILLed with several containers running and started again: they still
 * run, their logs go on without a gap (conmon kept writing them), and one that exited while no
 * agent ran reports its real exit code. All through the control plane with the stock docker CLI.
 */
@QuarkusTest
class ContainersOutliveAKilledAgentTest {
  private static final String HOST = "killed-agent";
  private static final Pattern TICK = Pattern.compile("tick (\\d+)");
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void containersKeepRunningAndExitsMeanwhileKeepTheirCodes() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "killed/busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      try {
        docker.ok("run", "-d", "--name", "killed-ticker", "killed/busybox:1", "sh", "-c",
            "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
        docker.ok("run", "-d", "--name", "killed-sleeper", "killed/busybox:1", "sleep", "300");
        docker.ok("run", "-d", "--name", "killed-exits", "killed/busybox:1", "sh", "-c", "sleep 2; exit 7");

        agent.kill();
        Thread.sleep(3000); // killed-exits ends while no agent watches
        agent.restart();
        agent.await("the agent back online", Duration.ofSeconds(30), agent::online);

        assertEquals("running", state(docker, "killed-ticker"));
        assertEquals("running", state(docker, "killed-sleeper"));
        assertEquals("exited 7", docker.ok("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}",
            "killed-exits").trim());
        assertEquals("7", docker.ok("wait", "killed-exits").trim());

        List<Integer> ticks = ticks(docker.ok("logs", "killed-ticker"));
        assertTrue(ticks.size() >= 30, "ticks written while the agent was away: " + ticks.size());
        for (int i = 0; i < ticks.size(); i++) {
          assertEquals(i + 1, ticks.get(i), "the log has no gap");
        }
      } finally {
        docker.run(null, "rm", "-f", "killed-ticker", "killed-sleeper", "killed-exits");
      }
    }
  }

  private static String state(DockerCli docker, String name) throws Exception {
    return docker.ok("inspect", "--format", "{{.State.Status}}", name).trim();
  }

  private static List<Integer> ticks(String log) {
    Matcher tick = TICK.matcher(log);
    List<Integer> ticks = new ArrayList<>();
    while (tick.find()) {
      ticks.add(Integer.parseInt(tick.group(1)));
    }
    return ticks;
  }
}
