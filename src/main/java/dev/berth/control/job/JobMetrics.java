package dev.berth.control.job;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/** Counts jobs as they end, by final state (not by kind: kinds are free text, a metric label must stay bounded): {@code berth_jobs_finished_total}. */
@ApplicationScoped
public class JobMetrics {
  @Inject MeterRegistry registry;

  void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
    if (change.state().isFinal()) {
      registry.counter("berth.jobs.finished", "state", change.state().wireName()).increment();
    }
  }
}
