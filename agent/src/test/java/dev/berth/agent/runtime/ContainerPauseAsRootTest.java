package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pausing through runc's freezer, on real containers: needs root. */
@Tag("root")
class ContainerPauseAsRootTest {
  @TempDir Path temp;
  private RuntimeFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = RuntimeFixture.onThisHost(temp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aPausedContainerIsStillPausedForTheNextRuntime() throws Exception {
    ContainerRuntime first = fixture.runtime();
    String id = first.start(first.create(run("sleep", "1000").build()).id()).id();
    ContainerCgroupFiles cgroup = new ContainerCgroupFiles(fixture.cgroupParent, id);
    assertEquals(ContainerStatus.PAUSED, first.pause(id).status());
    assertTrue(cgroup.frozen());
    if (!ContainerCgroupFiles.unified()) {
      assertEquals("D", processState(first.get(id).pid()), "v1's freezer holds a task in uninterruptible sleep");
    }
    first.close();

    ContainerRuntime second = fixture.runtime();
    assertEquals(ContainerStatus.PAUSED, second.get(id).status(), "read back from runc's state");
    assertEquals(ContainerStatus.RUNNING, second.unpause(id).status());
    assertFalse(cgroup.frozen());
    assertEquals(ContainerStatus.PAUSED, second.pause(id).status());
    Container stopped = second.stop(id, Duration.ofMillis(200));
    assertEquals(137, stopped.exitCode(), "thawed to take SIGKILL after the ignored SIGTERM");
    assertEquals(ContainerStatus.EXITED, stopped.status());
  }

  private static String processState(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  }
}
