package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.output;
import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.image.TestImages;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restart policies on real runc and conmon, within one runtime and across a new one (an agent restart): needs root. */
@Tag("root")
class RestartPolicyAsRootTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Longer than the first few restart delays: a restart that was going to happen has happened. */
  private static final Duration SETTLE = Duration.ofMillis(700);

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

  @Test
  void onFailureTwoRestartsAFailingContainerExactlyTwiceThenLeavesItExited() throws Exception {
    Container failing = runtime.create(run("sh", "-c", "echo run; exit 1").restartPolicy(new RestartPolicy("on-failure", 2)).build());
    runtime.start(failing.id());

    Container exited = awaitContainer(runtime, failing.id(), c -> c.status() == ContainerStatus.EXITED);
    Thread.sleep(SETTLE.toMillis());

    Container settled = runtime.get(failing.id());
    assertEquals(ContainerStatus.EXITED, settled.status());
    assertEquals(2, exited.restartCount());
    assertEquals(2, settled.restartCount());
    assertEquals(1, settled.exitCode());
    assertEquals(List.of("stdout run", "stdout run", "stdout run"), output(runtime, failing.id()));

    assertEquals(0, runtime.start(failing.id()).restartCount(), "a start by hand counts anew");
    awaitContainer(runtime, failing.id(), c -> c.status() == ContainerStatus.EXITED && c.restartCount() == 2);
  }

  @Test
  void alwaysRestartsAfterASuccessUntilAUserStopsIt() throws Exception {
    Container succeeding = runtime.create(run("sh", "-c", "echo run").restartPolicy(new RestartPolicy("always", 0)).build());
    runtime.start(succeeding.id());

    Container restarted = awaitContainer(runtime, succeeding.id(), c -> c.restartCount() >= 3);
    assertEquals(0, restarted.exitCode());

    Container stopped = runtime.stop(succeeding.id(), Duration.ofSeconds(1));
    Thread.sleep(SETTLE.toMillis());
    Container settled = runtime.get(succeeding.id());
    assertEquals(ContainerStatus.EXITED, settled.status());
    assertTrue(settled.manuallyStopped());
    assertEquals(stopped.restartCount(), settled.restartCount(), "no restart after the stop");
  }

  @Test
  void aContainerStoppedOrKilledByAUserIsNotRestarted() throws Exception {
    Container stopped = runtime.start(runtime.create(run("sleep", "1000").restartPolicy(new RestartPolicy("always", 0)).build()).id());
    Container killed = runtime.start(runtime.create(run("sleep", "1000").restartPolicy(new RestartPolicy("unless-stopped", 0)).build()).id());

    assertEquals(137, runtime.stop(stopped.id(), Duration.ofMillis(200)).exitCode(), "sleep as pid 1 ignores SIGTERM");
    runtime.kill(killed.id(), null);
    Thread.sleep(SETTLE.toMillis());

    for (Container container : List.of(runtime.get(stopped.id()), runtime.get(killed.id()))) {
      assertEquals(ContainerStatus.EXITED, container.status(), container.name());
      assertEquals(0, container.restartCount(), container.name());
      assertTrue(container.manuallyStopped(), container.name());
    }
  }

  @Test
  void aNewRuntimeStartsWhatItsPolicyBringsBackAsAfterAReboot() throws Exception {
    RestartPolicy always = new RestartPolicy("always", 0);
    Container died = runtime.start(runtime.create(run("sleep", "1000").name("died").restartPolicy(always).build()).id());
    Container rebooted = runtime.start(runtime.create(run("sleep", "1000").name("rebooted").restartPolicy(always).build()).id());
    Container alwaysStopped = runtime.start(runtime.create(run("sleep", "1000").name("always-stopped").restartPolicy(always).build()).id());
    Container unlessStopped = runtime.start(runtime.create(run("sleep", "1000").name("unless-stopped")
        .restartPolicy(new RestartPolicy("unless-stopped", 0)).build()).id());
    Container failedOnce = runtime.start(runtime.create(run("sh", "-c", "exit 3").name("no-policy").build()).id());
    runtime.stop(alwaysStopped.id(), Duration.ZERO);
    runtime.stop(unlessStopped.id(), Duration.ZERO);
    runtime.await(failedOnce.id(), WAIT);
    runtime.close(); // the agent goes away…
    ProcessHandle.of(died.pid()).ifPresent(ProcessHandle::destroyForcibly); // …and meanwhile a container dies
    fixture.awaitExitFile(died.id());
    // as a reboot leaves it: no conmon recorded the end, runc forgot it
    for (long pid : new long[] {rebooted.monitorPid(), rebooted.pid()}) {
      ProcessHandle.of(pid).ifPresent(process -> {
        process.destroyForcibly();
        process.onExit().join();
      });
    }
    TestImages.run(List.of(fixture.settings.runc().toString(), "--root=" + fixture.settings.runcRoot().toRealPath(),
        "delete", "--force", rebooted.id()));

    ContainerRuntime second = fixture.runtime();

    Container back = awaitContainer(second, died.id(), Container::isRunning);
    assertNotEquals(died.pid(), back.pid());
    assertEquals(0, back.restartCount());
    assertNotEquals(rebooted.pid(), awaitContainer(second, rebooted.id(), Container::isRunning).pid());
    assertEquals(ContainerStatus.RUNNING, awaitContainer(second, alwaysStopped.id(), Container::isRunning).status(),
        "always: a user's stop lasts until the agent starts again");
    Thread.sleep(SETTLE.toMillis());
    assertEquals(ContainerStatus.EXITED, second.get(unlessStopped.id()).status(), "unless-stopped: stopped for good");
    assertEquals(ContainerStatus.EXITED, second.get(failedOnce.id()).status(), "no policy");

    ProcessHandle.of(back.pid()).ifPresent(ProcessHandle::destroyForcibly);
    Container again = awaitContainer(second, died.id(), c -> c.isRunning() && c.pid() != back.pid());
    assertEquals(1, again.restartCount(), "the new runtime watches the containers it started");
  }

  private static Container awaitContainer(ContainerRuntime runtime, String id, Predicate<Container> condition) throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    Container current = runtime.get(id);
    while (!condition.test(current) && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      current = runtime.get(id);
    }
    assertTrue(condition.test(current), "in time: " + current);
    return current;
  }
}
