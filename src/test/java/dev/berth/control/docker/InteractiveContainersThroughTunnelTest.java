package dev.berth.control.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.control.support.AgentProcess;
import dev.berth.control.support.DockerCli;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Hijacked connections through the control plane with the stock docker CLI: stdin to a container
 * ({@code run -i}), terminals with their size ({@code run -it}, {@code exec -it}, under util-linux
 * {@code script}), {@code exec} with its options and exit codes, {@code start -a} and {@code attach}.
 */
@QuarkusTest
class InteractiveContainersThroughTunnelTest {
  private static final String HOST = "tunnel-interactive";
  private static final String IMAGE = "interactive/busybox:1";
  @TestHTTPResource("/") URL controlPlane;

  @Test
  void stdinTerminalsExecAndAttachWorkThroughTheControlPlane() throws Exception {
    try (AgentProcess agent = AgentProcess.startOnline(controlPlane, HOST)) {
      DockerCli docker = new DockerCli(controlPlane, HOST);
      DockerCli.Result imported = docker.run(DockerCli.busyboxRootfs(), "import", "-", IMAGE);
      assertEquals(0, imported.exit(), imported.output());
      try {
        stdinReachesTheContainerAndEndsWithTheClientsInput(docker);
        aTerminalHasTheClientsSizeAndItsExitCodeComesBack(docker);
        execRunsInTheContainerWithItsOptionsAndExitCodes(docker);
        startAttachedAndAttachFollowTheOutputToTheEnd(docker);
      } finally {
        docker.run(null, "rm", "-f", "interactive-sleeper", "interactive-again", "interactive-talker");
      }
    }
  }

  private void stdinReachesTheContainerAndEndsWithTheClientsInput(DockerCli docker) throws Exception {
    Path input = Files.createTempFile("stdin", ".txt");
    Files.writeString(input, "first line\nsecond line\n");
    DockerCli.Result result = docker.run(input, "run", "--rm", "-i", IMAGE, "sh", "-c", "cat; echo done; exit 4");
    assertEquals(4, result.exit(), result.output());
    assertTrue(result.output().contains("first line\nsecond line\ndone"), result.output());
  }

  private void aTerminalHasTheClientsSizeAndItsExitCodeComesBack(DockerCli docker) throws Exception {
    DockerCli.Result run = docker.runOnTerminal(33, 101, "stty size; tty; exit 9\n", "run", "-it", "--rm", IMAGE, "sh");
    assertEquals(9, run.exit(), run.output());
    assertTrue(run.output().contains("33 101"), run.output());
    assertTrue(run.output().contains("/dev/pts/0"), run.output());
  }

  private void execRunsInTheContainerWithItsOptionsAndExitCodes(DockerCli docker) throws Exception {
    docker.ok("run", "-d", "--name", "interactive-sleeper", IMAGE, "sleep", "120");
    DockerCli.Result exec = docker.run(null, "exec", "-e", "GREETING=hi", "-w", "/tmp", "-u", "1234:5678",
        "interactive-sleeper", "sh", "-c", "echo $GREETING $(pwd) $(id -u):$(id -g); echo oops >&2; exit 5");
    assertEquals(5, exec.exit(), exec.output());
    assertTrue(exec.output().contains("hi /tmp 1234:5678"), exec.output());
    assertTrue(exec.output().contains("oops"), exec.output());

    DockerCli.Result missing = docker.run(null, "exec", "interactive-sleeper", "no-such-command");
    assertEquals(127, missing.exit(), missing.output());
    assertTrue(missing.output().contains("executable file not found"), missing.output());

    Path input = Files.createTempFile("stdin", ".txt");
    Files.writeString(input, "piped into exec\n");
    assertEquals("piped into exec", docker.run(input, "exec", "-i", "interactive-sleeper", "cat").output().trim());

    docker.ok("exec", "-d", "interactive-sleeper", "sh", "-c", "echo detached > /tmp/detached");
    assertEquals("detached", awaitFile(docker, "/tmp/detached"));

    DockerCli.Result terminal = docker.runOnTerminal(40, 120, "stty size; exit 3\n",
        "exec", "-it", "interactive-sleeper", "sh");
    assertEquals(3, terminal.exit(), terminal.output());
    assertTrue(terminal.output().contains("40 120"), terminal.output());

    DockerCli.Result stopped = docker.run(null, "exec", "no-such-container", "true");
    assertTrue(stopped.exit() != 0 && stopped.output().contains("No such container"), stopped.output());
  }

  private void startAttachedAndAttachFollowTheOutputToTheEnd(DockerCli docker) throws Exception {
    docker.ok("create", "--name", "interactive-again", IMAGE, "sh", "-c", "echo run; exit 2");
    DockerCli.Result first = docker.run(null, "start", "-a", "interactive-again");
    assertEquals(2, first.exit(), first.output());
    DockerCli.Result second = docker.run(null, "start", "-a", "interactive-again");
    assertEquals(2, second.exit(), second.output());
    assertEquals("run", second.output().trim(), "only the new run's output: " + second.output());

    docker.ok("run", "-d", "--name", "interactive-talker", IMAGE, "sh", "-c", "sleep 2; echo late; exit 6");
    DockerCli.Result attached = docker.run(null, "attach", "interactive-talker");
    assertEquals(6, attached.exit(), attached.output());
    assertTrue(attached.output().contains("late"), attached.output());
  }

  private static String awaitFile(DockerCli docker, String path) throws Exception {
    for (int i = 0; i < 50; i++) {
      DockerCli.Result read = docker.run(null, "exec", "interactive-sleeper", "cat", path);
      if (read.exit() == 0) {
        return read.output().trim();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " never appeared");
  }
}
