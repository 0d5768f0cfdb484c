package dev.berth.control.web;

import dev.berth.control.fleet.HostChanged;
import dev.berth.control.fleet.HostStatsChanged;
import dev.berth.control.inventory.InventoryChanged;
import dev.berth.control.job.JobChanged;
import dev.berth.control.job.JobProgressed;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;

/**
 * Committed changes as a stream of named events ({@code job}, {@code host}, {@code operation} (a fleet operation's progress), {@code stats} (a host's load), and the inventory's kinds
 * {@code images} and {@code containers}) for the dashboard's server-sent events; pages refresh the
 * fragments an event concerns.
 */
@ApplicationScoped
public class LiveUpdates {
  /** One change: the event name and the id of what changed. */
  public record Change(String name, String id) {}

  private final BroadcastProcessor<Change> changes = BroadcastProcessor.create();

  /** Every change from now on, plus a keep-alive every 20 s. */
  public Multi<Change> stream() {
    Multi<Change> keepAlive = Multi.createFrom().ticks().every(Duration.ofSeconds(20))
        .map(tick -> new Change("keepalive", ""));
    return Multi.createBy().merging().streams(changes, keepAlive);
  }

  void onJob(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobChanged change) {
    changes.onNext(new Change("job", change.jobId().toString()));
  }

  void onOperationProgress(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobProgressed progress) {
    if (progress.operationId() != null) {
      changes.onNext(new Change("operation", progress.operationId().toString()));
    }
  }

  void onInventory(@Observes(during = TransactionPhase.AFTER_SUCCESS) InventoryChanged change) {
    changes.onNext(new Change(change.kind(), change.hostId().toString()));
  }

  void onHostStats(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostStatsChanged change) {
    changes.onNext(new Change("stats", change.hostId().toString()));
  }

  void onHost(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostChanged change) {
    changes.onNext(new Change("host", change.hostId() == null ? "" : change.hostId().toString()));
  }
}
