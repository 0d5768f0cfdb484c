package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Containers with the stock docker CLI through the control plane. (An attached `docker run` needs
 * the tunnel to relay a hijacked POST connection, which is not there yet: these use `-d`.)
 */
@QuarkusTest
class ContainerCommandsThroughTunnelTest {
  private static final String HOST = "tunnel-containers";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void detachedContainersRunStopAndReportTheirExitCode() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", "tunnel/busybox:1");
      assertEquals(0, imported.exit(), imported.output());
      try {
        docker.ok("run", "-d", "--name", "exits-three", "tunnel/busybox:1", "sh", "-c", "exit 3");
        assertEquals("3", docker.ok("wait", "exits-three").trim());

        String id = docker.ok("run", "-d", "--name", "sleeper", "tunnel/busybox:1", "sh", "-c", "echo up; sleep 60").trim();
        assertTrue(docker.ok("ps", "--format", "{{.Names}} {{.Status}}").contains("sleeper Up"));
        agent.await("the sleeper's log", java.time.Duration.ofSeconds(10),
            () -> {
              try {
                return docker.ok("logs", "sleeper").contains("up");
              } catch (Exception e) {
                return false;
              }
            });
        docker.ok("stop", "-t", "1", "sleeper");
        assertEquals("exited", docker.ok("inspect", "--format", "{{.State.Status}}", id).trim());
      } finally {
        docker.run(null, "rm", "-f", "sleeper", "exits-three");
      }
    }
  }
}
