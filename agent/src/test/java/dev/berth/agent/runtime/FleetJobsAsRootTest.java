package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.fleetjob.RemoveContainersJob;
import dev.berth.agent.fleetjob.RunContainerJob;
import dev.berth.agent.fleetjob.StopContainersJob;
import dev.berth.agent.job.JobContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container jobs of fleet operations on the real runtime: a run is idempotent per job id (a
 * re-run after a lost ledger entry finds its own container), a name taken by another is refused
 * with dockerd's words, stop and remove act on the containers with the labels only, and a
 * cancelled job stops before it acts.
 */
class FleetJobsAsRootTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void runsStopsAndRemovesContainersByLabel() throws Exception {
    try (RuntimeFixture fixture = RuntimeFixture.onThisHost(dir)) {
      ContainerRuntime runtime = fixture.runtime();
      String name = "fj-" + UUID.randomUUID().toString().substring(0, 8);
      JsonNode run = JSON.readTree("{\"name\":\"" + name + "\",\"config\":{\"Image\":\"" + RuntimeFixture.IMAGE
          + "\",\"Cmd\":[\"sleep\",\"300\"],\"Labels\":{\"app\":\"fj\"}}}");
      RunContainerJob runJob = new RunContainerJob(runtime);
      List<String> progress = new ArrayList<>();
      String jobId = UUID.randomUUID().toString();
      JsonNode first = runJob.run(new JobContext(jobId, run, (m, p) -> progress.add(m), () -> false));
      assertTrue(runtime.get(name).isRunning());
      assertEquals(first.get("id"), runJob.run(context(jobId, run)).get("id"), "the same job finds its container");
      Exception taken = assertThrows(IllegalStateException.class, () -> runJob.run(context(UUID.randomUUID().toString(), run)));
      assertTrue(taken.getMessage().contains("is already in use"), taken.getMessage());
      assertEquals("started " + name, progress.get(progress.size() - 1));

      runtime.create(RuntimeFixture.run("sleep", "300").name(name + "-other").labels(java.util.Map.of("app", "other")).build());
      runtime.start(name + "-other");
      JsonNode stopParams = JSON.readTree("{\"labels\":[\"app=fj\"],\"timeoutSeconds\":1}");
      assertThrows(CancellationException.class,
          () -> new StopContainersJob(runtime).run(new JobContext("x", stopParams, (m, p) -> { }, () -> true)));
      assertTrue(runtime.get(name).isRunning(), "a cancelled job did nothing");

      Exception running = assertThrows(IllegalStateException.class,
          () -> new RemoveContainersJob(runtime).run(context("r1", JSON.readTree("{\"labels\":[\"app=fj\"]}"))));
      assertTrue(running.getMessage().startsWith(name + ": "), running.getMessage());
      assertEquals("[\"" + name + "\"]", new StopContainersJob(runtime).run(context("s1", stopParams)).get("stopped").toString());
      assertTrue(!runtime.get(name).isRunning());
      assertTrue(runtime.get(name + "-other").isRunning(), "other labels are left alone");
      assertEquals("[\"" + name + "\"]",
          new RemoveContainersJob(runtime).run(context("r2", JSON.readTree("{\"labels\":[\"app=fj\"]}")))
              .get("removed").toString());
      assertEquals(0, runtime.list().stream().filter(c -> c.name().equals(name)).count());
      runtime.delete(name + "-other", true);
    }
  }

  private static JobContext context(String id, JsonNode params) {
    return new JobContext(id, params, (message, percent) -> { }, () -> false);
  }
}
