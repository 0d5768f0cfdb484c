package dev.berth.agent.runtime;

import static dev.berth.agent.runtime.RuntimeFixture.output;
import static dev.berth.agent.runtime.RuntimeFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.content.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new runtime over the same directories, as after an agent restart: real runc and conmon, needs root. */
@Tag("root")
class ContainerReadoptionAsRootTest {
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
  void theContainerIsConmonsChildNotTheAgents() throws Exception {
    ContainerRuntime runtime = fixture.runtime();
    Container running = runtime.start(runtime.create(run("sleep", "1000").build()).id());

    long parent = parentOf(running.pid());
    assertEquals(running.monitorPid(), parent);
    assertEquals("conmon", Files.readString(Path.of("/proc", Long.toString(parent), "comm")).trim());
    assertNotEquals(ProcessHandle.current().pid(), parentOf(parent), "conmon is not the agent's child either");
  }

  @Test
  void aContainerOutlivesTheAgentJvmThatStartedIt() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process agent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StandInAgent.class.getName(), fixture.layout.dataDir().toString(), fixture.cgroupParent,
        "sh", "-c", "echo up; sleep 1000").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String id;
    try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(agent.getInputStream()))) {
      id = out.readLine();
    } finally {
      agent.destroyForcibly().waitFor(); // SIGKILL, as when an agent dies
    }
    assertTrue(id != null && ContainerId.isFull(id), "the stand-in started a container: " + id);

    ContainerRuntime restarted = fixture.runtime();

    Container survivor = restarted.get(id);
    assertEquals(ContainerStatus.RUNNING, survivor.status());
    assertTrue(Files.exists(Path.of("/proc", Long.toString(survivor.pid()))), "its process still runs");
    assertEquals(List.of("stdout up"), output(restarted, id));
    assertEquals(137, restarted.stop(id, Duration.ofMillis(200)).exitCode());
  }

  @Test
  void aNewRuntimeKeepsRunningContainersAndReadsExitsThatHappenedMeanwhile() throws Exception {
    ContainerRuntime first = fixture.runtime();
    Container sleeper = first.start(first.create(run("sh", "-c", "echo before; sleep 1000").name("sleeper").build()).id());
    Container quitter = first.start(first.create(run("sh", "-c", "exit 7").build()).id());
    Container created = first.create(run("true").name("never-started").build());
    fixture.awaitExitFile(quitter.id());

    ContainerRuntime second = fixture.runtime();

    Container adopted = second.get("sleeper");
    assertEquals(ContainerStatus.RUNNING, adopted.status());
    assertEquals(sleeper.pid(), adopted.pid());
    assertTrue(Files.exists(Path.of("/proc", Long.toString(sleeper.pid()))));
    assertEquals(List.of("stdout before"), output(second, "sleeper"));
    Container exited = second.get(quitter.id());
    assertEquals(ContainerStatus.EXITED, exited.status());
    assertEquals(7, exited.exitCode());
    assertEquals(ContainerStatus.EXITED, readState(quitter.id()).status(), "written back to state.json");
    assertEquals(ContainerStatus.CREATED, second.get("never-started").status());
    assertEquals(0, second.await(second.start("never-started").id(), Duration.ofSeconds(20)).exitCode());

    Container stopped = second.stop("sleeper", Duration.ofSeconds(1));
    assertEquals(137, stopped.exitCode(), "the adopted container is still under control");
    assertEquals(created.id(), second.get("never-started").id());
  }

  @Test
  void anExitedContainerStartsAgainWithItsLogContinued() throws Exception {
    ContainerRuntime runtime = fixture.runtime();
    Container once = runtime.create(run("sh", "-c", "echo run").build());
    runtime.start(once.id());
    assertEquals(0, runtime.await(once.id(), Duration.ofSeconds(20)).exitCode());

    runtime.start(once.id());
    Container twice = runtime.await(once.id(), Duration.ofSeconds(20));

    assertEquals(ContainerStatus.EXITED, twice.status());
    assertEquals(List.of("stdout run", "stdout run"), output(runtime, once.id()));
  }

  @Test
  void halfCreatedContainersAndOrphanSnapshotsAreRemovedAtStart() throws Exception {
    ContainerRuntime first = fixture.runtime();
    Container kept = first.create(run("true").build());
    String halfMade = "ab".repeat(32);
    String orphan = "cd".repeat(32);
    Files.createDirectories(fixture.settings.containersDir().resolve(halfMade).resolve("rootfs"));
    var snapshots = fixture.images.store().resources().snapshots();
    List<Digest> layers = dev.berth.agent.snapshot.ChainIds.of(fixture.images.store().resolve(RuntimeFixture.IMAGE).diffIds());
    snapshots.mount(snapshots.prepare(halfMade, layers), fixture.settings.containersDir().resolve(halfMade).resolve("rootfs"));
    snapshots.prepare(orphan, layers);

    ContainerRuntime second = fixture.runtime();

    assertFalse(Files.exists(fixture.settings.containersDir().resolve(halfMade)));
    assertEquals(java.util.Set.of(kept.id()), snapshots.activeKeys());
    assertEquals(List.of(kept.id()), second.list().stream().map(Container::id).toList());
  }

  private Container readState(String id) throws Exception {
    return ContainerDirectory.of(fixture.settings.containersDir(), id).readState().orElseThrow();
  }

  private static long parentOf(long pid) throws Exception {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
  }
}
