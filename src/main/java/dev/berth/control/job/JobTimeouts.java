package dev.berth.control.job;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ends jobs that passed their deadline, queued or running; their agents are told to stop. */
@ApplicationScoped
public class JobTimeouts {
  @Inject JobService jobs;

  @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void expire() {
    jobs.expireOverdue();
  }
}
