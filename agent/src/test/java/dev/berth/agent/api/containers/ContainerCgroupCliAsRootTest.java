package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.runtime.ContainerCgroupFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The stock docker CLI's pause, unpause, top, stats and update on real runc containers and their cgroups. */
@Tag("root")
class ContainerCgroupCliAsRootTest extends CliOnAgentTest {
  @Test
  void pauseFreezesTheCgroupAndUnpauseThawsIt() throws Exception {
    String id = docker.run("run", "-d", "--name", "frosty", "busybox", "sleep", "1000").strip();
    ContainerCgroupFiles cgroup = new ContainerCgroupFiles(api.settings.cgroupParent(), id);
    assertEquals("frosty\n", docker.run("pause", "frosty"));
    assertTrue(cgroup.frozen());
    assertEquals("paused true true", docker.run("inspect", "--format",
        "{{.State.Status}} {{.State.Paused}} {{.State.Running}}", "frosty").strip());
    String ps = docker.run("ps");
    assertTrue(ps.matches("(?s).*Up .* \\(Paused\\).*frosty.*"), ps);
    assertTrue(docker.fails("pause", "frosty").contains("Container " + id + " is already paused"));
    assertTrue(docker.fails("start", "frosty").contains("cannot start a paused container, try unpause instead"));

    assertEquals("frosty\n", docker.run("unpause", "frosty"));
    assertFalse(cgroup.frozen());
    assertEquals("running false", docker.run("inspect", "--format", "{{.State.Status}} {{.State.Paused}}", "frosty")
        .strip());
    assertTrue(docker.fails("unpause", "frosty").contains("Container " + id + " is not paused"));

    docker.run("pause", "frosty");
    docker.run("stop", "-t", "1", "frosty"); // sleep ignores TERM as pid 1: killed, after a thaw
    assertEquals("exited 137 false", docker.run("inspect", "--format",
        "{{.State.Status}} {{.State.ExitCode}} {{.State.Paused}}", "frosty").strip());
    assertTrue(docker.fails("pause", "frosty").contains("Container " + id + " is not running"));
    docker.run("start", "frosty");
    docker.run("pause", "frosty");
    docker.run("kill", "frosty");
    assertEquals("exited 137", docker.run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", "frosty")
        .strip());
    docker.run("start", "frosty");
    docker.run("pause", "frosty");
    docker.run("rm", "-f", "frosty");
    assertEquals("", docker.run("ps", "-aq"));
  }

  @Test
  void topListsTheContainersProcesses() throws Exception {
    docker.run("run", "-d", "--name", "busy", "busybox", "sh", "-c", "sleep 1001 & sleep 1002; echo done");
    String top = docker.run("top", "busy");
    for (int i = 0; i < 100 && top.lines().count() < 4; i++) { // the shell may not have started both yet
      Thread.sleep(100);
      top = docker.run("top", "busy");
    }
    assertTrue(top.startsWith("UID"), top);
    assertTrue(top.contains("sh -c sleep 1001 & sleep 1002; echo done") && top.contains("sleep 1001\n")
        && top.contains("sleep 1002\n"), top);
    assertEquals(4, top.lines().count(), "a header and the container's three processes: " + top);
    String pids = docker.run("top", "busy", "-o", "pid,comm");
    assertTrue(pids.lines().findFirst().orElse("").matches("PID\\s+COMMAND"), pids);
    docker.run("kill", "busy");
    assertTrue(docker.fails("top", "busy").contains("is not running"));
  }

  @Test
  void statsShowsMemoryAgainstTheLimitAndUpdateChangesTheLimitsLive() throws Exception {
    String id = docker.run("run", "-d", "--name", "limited", "-m", "32m", "busybox", "sleep", "1000").strip();
    String stats = docker.run("stats", "--no-stream", "--format", "{{.Name}}|{{.MemUsage}}|{{.PIDs}}|{{.CPUPerc}}",
        "limited").strip();
    String[] columns = stats.split("\\|");
    assertEquals("limited", columns[0], stats);
    assertTrue(columns[1].endsWith(" / 32MiB") && !columns[1].startsWith("0B"), stats);
    assertEquals("1", columns[2], stats);
    assertTrue(columns[3].matches("\\d+\\.\\d\\d%"), stats);

    ContainerCgroupFiles cgroup = new ContainerCgroupFiles(api.settings.cgroupParent(), id);
    assertEquals("limited\n", docker.run("update", "-m", "64m", "limited"));
    assertEquals(Long.toString(64L << 20), cgroup.memoryLimit());
    assertEquals(64L << 20, Long.parseLong(docker.run("inspect", "--format", "{{.HostConfig.Memory}}", "limited")
        .strip()));
    docker.run("update", "--cpus", "0.5", "limited");
    assertEquals("50000 100000", cgroup.cpuMax());
    assertEquals("500000000", docker.run("inspect", "--format", "{{.HostConfig.NanoCpus}}", "limited").strip());
    assertTrue(docker.run("stats", "--no-stream", "--format", "{{.MemUsage}}", "limited").strip().endsWith(" / 64MiB"));

    assertTrue(docker.fails("update", "-m", "4m", "limited").contains("Minimum memory limit allowed is 6MB"));
    assertTrue(docker.fails("update", "-m", "256m", "limited").contains("Cannot update container " + id
        + ": Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time"));
    assertEquals(Long.toString(64L << 20), cgroup.memoryLimit(), "a refused update changes nothing");

    docker.run("stop", "-t", "0", "limited");
    docker.run("start", "limited");
    assertEquals(Long.toString(64L << 20), cgroup.memoryLimit(), "the next start keeps the update");
    assertEquals("50000 100000", cgroup.cpuMax());
  }
}
