package dev.berth.control.job;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Lets a request wait until a job reaches a final state (committed), or a time limit passes. */
@ApplicationScoped
public class JobWaiters {
  private final Map<UUID, List<CompletableFuture<JobState>>> waiting = new ConcurrentHashMap<>();

  /**
   * Completes with the job's final state, or with null after {@code limit}. Call
   * {@link #cancel} when the wait is no longer needed before it completes.
   */
  public CompletableFuture<JobState> await(UUID jobId, Duration limit) {
    CompletableFuture<JobState> future = new CompletableFuture<>();
    waiting.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(future);
    future.completeOnTimeout(null, limit.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((state, failure) -> cancel(jobId, future));
    return future;
  }

  /** Stops waiting. */
  public void cancel(UUID jobId, CompletableFuture<JobState> future) {
    waiting.computeIfPresent(jobId, (id, list) -> {
      list.remove(future);
      return list.isEmpty() ? null : list;
    });
  }

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
    if (!change.state().isFinal()) {
      return;
    }
    List<CompletableFuture<JobState>> futures = waiting.remove(change.jobId());
    if (futures != null) {
      futures.forEach(f -> f.complete(change.state()));
    }
  }
}
