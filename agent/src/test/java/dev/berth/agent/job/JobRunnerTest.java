package dev.berth.agent.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private JobRunner runner;

  @AfterEach
  void close() throws InterruptedException {
    release.countDown();
    runner.close();
  }

  @Test
  void echoSucceedsWithItsParams() throws Exception {
    runner = newRunner();
    JsonNode params = JSON.readTree("{\"hello\":[1,2,3]}");

    JobOutcome outcome = run(new JobRequest(id(), "echo", params));

    assertEquals(new JobOutcome("succeeded", params, null), outcome);
  }

  @Test
  void unknownKindFails() throws Exception {
    runner = newRunner();

    JobOutcome outcome = run(new JobRequest(id(), "image.teleport", null));

    assertEquals(JobOutcome.FAILED, outcome.state());
    assertEquals("unknown job type: image.teleport", outcome.error());
  }

  @Test
  void handlerExceptionFailsTheJobWithItsMessage() throws Exception {
    runner = newRunner();

    JobOutcome outcome = run(new JobRequest(id(), "sleep", JSON.readTree("{\"seconds\": -1}")));

    assertEquals(JobOutcome.FAILED, outcome.state());
    assertTrue(outcome.error().contains("seconds"), outcome.error());
  }

  @Test
  void finishedJobSentAgainGetsItsRecordedOutcomeWithoutASecondRun() throws Exception {
    runner = newRunner();
    String id = id();
    JobOutcome first = run(new JobRequest(id, "count", null));

    JobOutcome again = run(new JobRequest(id, "count", null));

    assertEquals(first, again);
    assertEquals(1, runs.get());
    assertTrue(Files.exists(dir.resolve(id + ".json")), "outcome is in the ledger");
  }

  @Test
  void ledgerDeDuplicatesAcrossARestart() throws Exception {
    runner = newRunner();
    String id = id();
    run(new JobRequest(id, "count", null));
    runner.close();

    runner = newRunner();
    JobOutcome again = run(new JobRequest(id, "count", null));

    assertEquals(JSON.readTree("{\"run\":1}"), again.result());
    assertEquals(1, runs.get());
  }

  @Test
  void runningJobSentAgainIsNotStartedTwiceAndTheNewListenerHearsTheEnd() throws Exception {
    runner = newRunner();
    String id = id();
    RecordingListener before = new RecordingListener();
    runner.submit(new JobRequest(id, "blocking", null), before);
    awaitRunning(id);

    RecordingListener after = new RecordingListener();
    runner.submit(new JobRequest(id, "blocking", null), after);
    release.countDown();

    assertEquals(JobOutcome.SUCCEEDED, after.await().state());
    assertEquals(1, runs.get());
    assertTrue(before.finishedCalls.isEmpty(), "the replaced listener hears nothing more");
    assertEquals(Set.of(), runner.runningJobIds());
  }

  @Test
  void sleepReportsProgressEachSecond() throws Exception {
    runner = newRunner();
    RecordingListener listener = new RecordingListener();

    runner.submit(new JobRequest(id(), "sleep", JSON.readTree("{\"seconds\": 1.2}")), listener);

    JobOutcome outcome = listener.await();
    assertEquals(JobOutcome.SUCCEEDED, outcome.state());
    assertEquals(3, listener.progress.size(), listener.progress.toString());
    assertEquals(JobRunner.STARTED, listener.progress.get(0));
    assertEquals(100, listener.percents.get(2));
  }

  @Test
  void cancelStopsASleepingJob() throws Exception {
    runner = newRunner();
    String id = id();
    RecordingListener listener = new RecordingListener();
    runner.submit(new JobRequest(id, "sleep", JSON.readTree("{\"seconds\": 60}")), listener);
    awaitRunning(id);
    Thread.sleep(100);

    long start = System.nanoTime();
    runner.cancel(id);

    assertEquals(JobOutcome.cancelled(), listener.await());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "cancel is prompt");
    assertEquals(JobOutcome.CANCELLED, JobLedger.open(dir).find(id).orElseThrow().state());
  }

  @Test
  void invalidIdIsRefusedWithoutTouchingTheDisk() throws Exception {
    runner = newRunner();

    JobOutcome outcome = run(new JobRequest("../../etc/passwd", "echo", null));

    assertEquals(JobOutcome.FAILED, outcome.state());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  private JobRunner newRunner() throws Exception {
    return new JobRunner(JobLedger.open(dir), Map.of(
        EchoJobHandler.KIND, new EchoJobHandler(),
        SleepJobHandler.KIND, new SleepJobHandler(),
        "count", context -> JsonNodeFactory.instance.objectNode().put("run", runs.incrementAndGet()),
        "blocking", context -> {
          runs.incrementAndGet();
          release.await();
          return null;
        }), 2);
  }

  private JobOutcome run(JobRequest request) throws Exception {
    RecordingListener listener = new RecordingListener();
    runner.submit(request, listener);
    return listener.await();
  }

  private void awaitRunning(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!runner.runningJobIds().contains(id) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertTrue(runner.runningJobIds().contains(id));
  }

  private static String id() {
    return UUID.randomUUID().toString();
  }
}
