package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.output;
import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Containers on real runc and conmon: needs root, overlayfs, runc and conmon. */
@Tag("root")
class ContainerLifecycleAsRootTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path temp;
  private RuntimeFixture fixture;
  private ContainerRuntime runtime;

  @BeforeEach
  void setUp() throws Exception {
    fixture = RuntimeFixture.onThisHost(temp);
    runtime = fixture.runtime();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  private Container runToExit(CreateOptions.Builder options) throws Exception {
    Container created = runtime.create(options.build());
    runtime.start(created.id());
    Container exited = runtime.await(created.id(), WAIT);
    assertEquals(ContainerStatus.EXITED, exited.status(), "exited in time");
    return exited;
  }

  @Test
  void exitCodesPropagate() throws Exception {
    assertEquals(0, runToExit(run("true")).exitCode());
    assertEquals(3, runToExit(run("sh", "-c", "exit 3")).exitCode());
  }

  @Test
  void stdoutAndStderrLinesLandInTheLogWithTheirTimes() throws Exception {
    Container exited = runToExit(run("sh", "-c", "echo out1; echo err1 >&2; echo out2; printf tail"));
    List<String> lines = output(runtime, exited.id());
    assertTrue(lines.containsAll(List.of("stdout out1", "stderr err1", "stdout out2", "stdout tail")), lines.toString());
    assertTrue(lines.indexOf("stdout out1") < lines.indexOf("stdout out2"));
    LogLine first = runtime.logs(exited.id()).get(0);
    assertFalse(first.time().isBefore(exited.startedAt().minusSeconds(1)), "times are the container's");
  }

  @Test
  void envUserAndWorkdirAreThoseInside() throws Exception {
    Container exited = runToExit(run("sh", "-c", "id; pwd; env").user("app").workingDir("/made/here").env("GREETING=hi"));
    List<String> lines = output(runtime, exited.id());
    assertEquals("stdout uid=1000(app) gid=1000(app) groups=30(extra)", lines.get(0));
    assertEquals("stdout /made/here", lines.get(1));
    assertTrue(lines.contains("stdout GREETING=hi"), lines.toString());
    assertTrue(lines.contains("stdout FROM_IMAGE=yes"), lines.toString());
    assertTrue(lines.contains("stdout PATH=" + ContainerEnv.DEFAULT_PATH), lines.toString());
    assertTrue(lines.contains("stdout HOSTNAME=" + exited.shortId()), lines.toString());
  }

  @Test
  void capabilitiesMaskedPathsAndNofileAreDockers() throws Exception {
    assumeTrue(!Files.readString(Path.of("/proc/timer_list")).isEmpty(), "the host shows /proc/timer_list");
    long hostHard = HostRlimits.ofThisProcess().clamp("RLIMIT_NOFILE", HostRlimits.DOCKER_NOFILE);
    Container exited = runToExit(run("sh", "-c",
        "grep CapBnd /proc/self/status; wc -c < /proc/timer_list; ls /sys/firmware | wc -l; ulimit -n; ulimit -Hn; hostname"));
    List<String> lines = output(runtime, exited.id());
    assertEquals(List.of("stdout CapBnd:\t00000000a80425fb", "stdout 0", "stdout 0", "stdout " + hostHard,
        "stdout " + hostHard, "stdout " + exited.shortId()), lines);
  }

  @Test
  void stopSendsTheStopSignalThenSigkillAfterTheTimeout() throws Exception {
    Container polite = runtime.create(run("sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done").build());
    runtime.start(polite.id());
    Container stopped = runtime.stop(polite.id(), Duration.ofSeconds(10));
    assertEquals(42, stopped.exitCode(), "SIGTERM ran the trap");

    Container stubborn = runtime.create(run("sleep", "1000").build()); // pid 1 ignores an unhandled SIGTERM
    runtime.start(stubborn.id());
    long before = System.nanoTime();
    Container killed = runtime.stop(stubborn.id(), Duration.ofMillis(500));
    assertEquals(137, killed.exitCode(), "SIGKILL: 128 + 9");
    assertTrue(System.nanoTime() - before >= 500_000_000L, "waited the timeout first");
    assertEquals(ContainerStatus.EXITED, runtime.get(stubborn.id()).status());
  }

  @Test
  void deleteRemovesTheProcessRootfsSnapshotCgroupAndDirectory() throws Exception {
    Container running = runtime.create(run("sleep", "1000").name("doomed").build());
    runtime.start(running.id());
    Path dir = fixture.settings.containersDir().resolve(running.id());
    assertTrue(Files.isRegularFile(dir.resolve("rootfs/bin/busybox")), "rootfs is mounted");
    assertThrows(ContainerConflictException.class, () -> runtime.delete("doomed", false));

    runtime.delete("doomed", true);

    assertFalse(Files.exists(dir));
    assertThrows(ContainerNotFoundException.class, () -> runtime.get(running.id()));
    assertTrue(fixture.images.store().resources().snapshots().activeKeys().isEmpty());
    assertFalse(Files.exists(Path.of("/proc", Long.toString(running.pid()))), "the process is gone");
    for (Path cgroup : fixture.cgroups()) {
      assertFalse(Files.exists(cgroup.resolve(running.id())), "cgroup removed: " + cgroup);
    }
    Container again = runtime.create(run("true").name("doomed").build());
    assertEquals("doomed", again.name(), "the name is free again");
  }

  @Test
  void forceRemovesAContainerTheMomentItStarted() throws Exception {
    for (int i = 0; i < 10; i++) { // conmon may not have written the exit file when the second SIGKILL goes
      Container created = runtime.create(run("sleep", "300").build());
      assertEquals(ContainerStatus.RUNNING, runtime.start(created.id()).status());
      runtime.delete(created.id(), true);
    }
    assertTrue(runtime.list().isEmpty());
  }

  @Test
  void namesAreUniqueAndIdsFoundByPrefix() throws Exception {
    Container named = runtime.create(run("true").name("web.1").build());
    ContainerConflictException taken =
        assertThrows(ContainerConflictException.class, () -> runtime.create(run("true").name("web.1").build()));
    assertTrue(taken.getMessage().contains("is already in use by container \"" + named.id()), taken.getMessage());
    assertThrows(IllegalArgumentException.class, () -> runtime.create(run("true").name("-bad").build()));
    Container generated = runtime.create(run("true").build());
    assertTrue(generated.name().matches("[a-z]+_[a-z]+\\d*"), generated.name());
    assertEquals(named, runtime.get("web.1"));
    assertEquals(named, runtime.get("/web.1"));
    assertEquals(named.id(), runtime.get(named.id().substring(0, 10)).id());
    assertEquals(2, runtime.list().size());
    assertEquals(List.of(), Files.list(fixture.settings.containersDir()).filter(p -> !Files.isDirectory(p)).toList());
  }

  @Test
  void aMissingCommandOrUnknownUserFailsTheCreateAndLeavesNothing() throws Exception {
    IllegalArgumentException user =
        assertThrows(IllegalArgumentException.class, () -> runtime.create(run("id").user("nobody").build()));
    assertTrue(user.getMessage().contains("unable to find user nobody"), user.getMessage());
    Exception missing = assertThrows(Exception.class, () -> runtime.create(run("/no/such").name("missing").build()));
    assertTrue(missing.getMessage().contains("no such file or directory"), missing.getMessage());
    assertEquals(List.of(), runtime.list());
    assertEquals(List.of(), Files.list(fixture.settings.containersDir()).toList());
    assertTrue(fixture.images.store().resources().snapshots().activeKeys().isEmpty());
    assertEquals("missing", runtime.create(run("true").name("missing").build()).name(), "the name was released");
  }
}
