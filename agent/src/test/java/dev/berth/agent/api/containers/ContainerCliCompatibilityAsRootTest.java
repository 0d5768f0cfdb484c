package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.images.DockerCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stock docker CLI (28.x) on the agent's container endpoints, over the agent's local unix socket. */
@Tag("root")
class ContainerCliCompatibilityAsRootTest extends CliOnAgentTest {
  @Test
  void runInTheForegroundPrintsTheOutputAndExitsWithTheContainersCode() throws Exception {
    assertEquals("hello", docker.run("run", "--rm", "busybox", "echo", "hello").strip());
    assertEquals(List.of(), lines(docker.run("ps", "-aq")), "--rm removed it");
    DockerCli.Result three = docker.result("run", "--name", "three", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
    assertEquals(3, three.exit(), three.output());
    assertTrue(three.output().contains("out") && three.output().contains("err"), three.output());
    assertEquals("exited 3", docker.run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "three").strip());

    String created = docker.run("create", "--name", "later", "busybox", "echo", "started").strip();
    assertTrue(created.matches("[0-9a-f]{64}"), created);
    assertEquals("started", docker.run("start", "-a", "later").strip());
  }

  @Test
  void detachedContainersAreListedStoppedKilledRestartedRenamedAndRemoved() throws Exception {
    String id = docker.run("run", "-d", "--name", "xx", "busybox", "sh", "-c", "echo first; echo second; sleep 30").strip();
    assertTrue(id.matches("[0-9a-f]{64}"), id);
    String ps = docker.run("ps");
    assertTrue(ps.startsWith("CONTAINER ID"), ps);
    assertTrue(ps.contains(id.substring(0, 12)) && ps.contains("Up ") && ps.contains(" xx\n"), ps);
    assertEquals(List.of(id.substring(0, 12)), lines(docker.run("ps", "-q", "-f", "name=xx")));
    assertEquals("running", docker.run("inspect", "--format", "{{.State.Status}}", "xx").strip());

    waitForLog("xx", "second");
    assertEquals(List.of("first", "second"), lines(docker.run("logs", "xx")));
    assertEquals(List.of("second"), lines(docker.run("logs", "--tail", "1", "xx")));
    assertTrue(docker.run("logs", "-t", "xx").lines().allMatch(l -> l.matches("\\d{4}-.*Z (first|second)")));

    docker.run("stop", "-t", "1", "xx");
    assertEquals("exited", docker.run("inspect", "--format", "{{.State.Status}}", "xx").strip());
    assertEquals(List.of(id.substring(0, 12)), lines(docker.run("ps", "-q", "-f", "status=exited")));
    assertTrue(docker.run("ps", "-a").contains("Exited (137)"), "sh ignores TERM as pid 1: killed after the timeout");
    docker.run("restart", "-t", "1", "xx");
    assertEquals("running", docker.run("inspect", "--format", "{{.State.Status}}", "xx").strip());
    docker.run("kill", "xx");
    docker.run("rename", "xx", "yy");
    assertEquals("/yy", docker.run("inspect", "--format", "{{.Name}}", id).strip());
    assertTrue(docker.fails("kill", "yy").contains("is not running"));

    docker.run("run", "-d", "--name", "zz", "busybox", "sleep", "30");
    assertTrue(docker.fails("rm", "zz").contains("container is running: stop the container before removing or force remove"));
    String refused = docker.fails("rmi", "busybox");
    assertTrue(refused.contains("conflict: unable to remove repository reference \"busybox\" (must force)"), refused);
    docker.run("rm", "-f", "zz");
    List<String> args = new ArrayList<>(List.of("rm"));
    args.addAll(lines(docker.run("ps", "-aq")));
    docker.run(args.toArray(String[]::new));
    assertEquals(List.of(), lines(docker.run("ps", "-aq")));
  }

  @Test
  void initTmpfsUlimitsAndAnotherContainersNetworkAreApplied() throws Exception {
    assertEquals("/sbin/docker-init -- sh -c cat /proc/1/cmdline | tr '\\0' ' '",
        docker.run("run", "--rm", "--init", "busybox", "sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '").strip());
    String mount = docker.run("run", "--rm", "--tmpfs", "/scratch:size=1m,exec", "busybox", "sh", "-c",
        "grep ' /scratch ' /proc/mounts");
    assertTrue(mount.contains("tmpfs /scratch tmpfs rw,nosuid,nodev,relatime,size=1024k"), mount);
    assertEquals(List.of("100", "200"), lines(docker.run("run", "--rm", "--ulimit", "nofile=100:200", "busybox", "sh",
        "-c", "ulimit -n; ulimit -Hn")));
    assertTrue(docker.fails("run", "--rm", "--tmpfs", "relative", "busybox", "true").contains("mount path must be absolute"));

    docker.run("run", "-d", "--name", "net-owner", "busybox", "sleep", "30");
    String owner = docker.run("run", "--rm", "--network", "container:net-owner", "busybox", "readlink", "/proc/1/ns/net");
    String joined = docker.run("run", "--rm", "--network", "container:net-owner", "busybox", "readlink", "/proc/self/ns/net");
    assertEquals(owner.strip(), joined.strip());
    String host = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    assertTrue(!joined.strip().equals(host), "not the host's network namespace");
    assertTrue(docker.fails("run", "--rm", "--network", "container:nobody-here", "busybox", "true")
        .contains("No such container: nobody-here"));
    docker.run("rm", "-f", "net-owner");
  }

  @Test
  void versionImagesRunPsFollowLogsWaitAndRemoveWithDockerHostOnTheLocalSocket() throws Exception {
    String version = docker.run("version"); // DockerCli sets DOCKER_HOST=unix://<the agent's socket>
    assertTrue(version.contains("Server: Berth Engine") && version.contains("API version:      1.47"), version);
    assertTrue(docker.run("images").contains("busybox"), "the image is listed");

    String id = docker.run("run", "-d", "--name", "sock", "--network", "none", "busybox",
        "sh", "-c", "echo one; sleep 1; echo two; exit 7").strip();
    assertTrue(docker.run("ps").contains(id.substring(0, 12)), "running");
    assertEquals(List.of("one", "two"), lines(docker.run("logs", "-f", "sock")), "followed to the exit");
    assertEquals("7", docker.run("wait", "sock").strip());
    docker.run("rm", "sock");
    assertEquals(List.of(), lines(docker.run("ps", "-aq")));
  }

  private void waitForLog(String name, String text) throws Exception {
    for (int i = 0; i < 100 && !docker.run("logs", name).contains(text); i++) {
      Thread.sleep(50);
    }
  }

  private static List<String> lines(String output) {
    return output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
