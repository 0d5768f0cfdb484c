package dev.berth.agent.job;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A listener that keeps what it heard, for tests. */
final class RecordingListener implements JobListener {

  final List<String> progress = new CopyOnWriteArrayList<>();
  final List<Integer> percents = new CopyOnWriteArrayList<>();
  final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
  final List<JobOutcome> finishedCalls = new CopyOnWriteArrayList<>();

  @Override
  public void progress(String message, Integer percent) {
    progress.add(message);
    percents.add(percent);
  }

  @Override
  public void finished(JobOutcome finished) {
    finishedCalls.add(finished);
    outcome.complete(finished);
  }

  JobOutcome await() throws Exception {
    return outcome.get(20, TimeUnit.SECONDS);
  }
}
