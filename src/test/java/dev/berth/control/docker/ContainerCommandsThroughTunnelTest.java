package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Containers with the stock docker CLI through the control plane, detached and attached. */
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
        DockerCli.Result attached = docker.run(null, "run", "--rm", "tunnel/busybox:1",
            "sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 7");
        assertEquals(7, attached.exit(), attached.output());
        assertTrue(attached.output().contains("to-stdout"), attached.output());
        assertTrue(attached.output().contains("to-stderr"), attached.output());

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
