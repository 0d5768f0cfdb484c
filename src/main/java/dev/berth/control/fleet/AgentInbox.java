package dev.berth.control.fleet;

import dev.berth.control.database.DatabaseHealth;
import dev.berth.link.message.ControlMessage;
import dev.berth.link.message.InventoryReport;
import dev.berth.link.message.JobProgress;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The gate between one agent's link and its session's ordered inbox, so that one agent cannot
 * starve the others nor grow the control plane's memory without bound:
 * <ul>
 *   <li>inventory reports are coalesced per kind: a report replaces the previous one, so only
 *       the latest waits; a report of more than {@link LinkLimits#inventoryItems()} items is
 *       refused and logged (the link stays);</li>
 *   <li>job progress beyond the link's message rate ({@link TokenBucket}), or while the inbox is
 *       half full, is dropped and counted ({@code berth_link_messages_dropped_total});</li>
 *   <li>a link sending more than {@link LinkLimits#closeAbovePerSecond()} is closed: it floods;</li>
 *   <li>other messages (hello, job results) are never dropped: a link whose inbox holds
 *       {@link LinkLimits#inboxSize()} of them is closed instead, and its agent says hello again;</li>
 *   <li>a message whose handling failed because PostgreSQL was unreachable is kept (inventory:
 *       the latest per kind) and handled again when the database is back ({@link #retryFailed()}).</li>
 * </ul>
 */
final class AgentInbox {
  private static final Logger LOG = Logger.getLogger(AgentInbox.class);
  // Agents report a handful of inventory kinds; more distinct kinds than this are not inventory.
  private static final int MOST_INVENTORY_KINDS = 8;

  private final AgentSession session;
  private final LinkLimits limits;
  private final MeterRegistry metrics;
  private final Consumer<ControlMessage> handler;
  private final TokenBucket rate;
  private final TokenBucket flood;
  private final Map<String, InventoryReport> latestInventory = new HashMap<>();
  private final Map<Object, ControlMessage> failed = new LinkedHashMap<>();

  AgentInbox(AgentSession session, LinkLimits limits, MeterRegistry metrics, Consumer<ControlMessage> handler) {
    this.session = session;
    this.limits = limits;
    this.metrics = metrics;
    this.handler = handler;
    this.rate = new TokenBucket(limits.messagesPerSecond(), limits.burst());
    this.flood = new TokenBucket(limits.closeAbovePerSecond(), 10 * limits.burst());
  }

  AgentSession session() {
    return session;
  }

  /** A message arrived on the link (on the event loop): queue, coalesce, drop or refuse it. */
  void offer(ControlMessage message) {
    if (!flood.tryTake()) {
      count("dropped", "flood");
      session.link().close("flooding: more than " + limits.closeAbovePerSecond() + " messages a second");
      return;
    }
    boolean withinRate = rate.tryTake();
    if (message instanceof InventoryReport report) {
      offerInventory(report);
    } else if (message instanceof JobProgress && (!withinRate || session.inboxSize() > limits.inboxSize() / 2)) {
      count("dropped", withinRate ? "inbox" : "rate");
    } else if (session.inboxSize() >= limits.inboxSize()) {
      count("dropped", "inbox");
      session.link().close("overloaded: more than " + limits.inboxSize() + " messages waiting");
    } else {
      session.handle(() -> handle(message, message));
    }
  }

  /** Handles again what failed while the database was unreachable. */
  void retryFailed() {
    List<ControlMessage> again;
    synchronized (this) {
      again = new ArrayList<>(failed.values());
      failed.clear();
    }
    for (ControlMessage message : again) {
      if (message instanceof InventoryReport report) {
        queueInventory(report, false);
      } else {
        session.handle(() -> handle(message, message));
      }
    }
    if (!again.isEmpty()) {
      LOG.infof("handling %d message(s) of host %s again now that the database is back", again.size(), session.hostName());
    }
  }

  private void offerInventory(InventoryReport report) {
    int items = report.items() == null ? 0 : report.items().size();
    if (items > limits.inventoryItems()) {
      count("refused", "size");
      LOG.warnf("refused an inventory report of %d %s from host %s: more than %d items",
          items, report.kind(), session.hostName(), limits.inventoryItems());
      return;
    }
    queueInventory(report, true);
  }

  // Only the latest report of a kind waits; a failed older one never replaces a newer one.
  private void queueInventory(InventoryReport report, boolean newest) {
    String kind = String.valueOf(report.kind());
    synchronized (this) {
      if (!latestInventory.containsKey(kind) && latestInventory.size() >= MOST_INVENTORY_KINDS) {
        count("dropped", "kind");
        return;
      }
      InventoryReport waiting = newest ? latestInventory.put(kind, report) : latestInventory.putIfAbsent(kind, report);
      if (waiting != null) {
        count("coalesced", "inventory");
        return;
      }
    }
    session.handle(() -> {
      InventoryReport latest;
      synchronized (this) {
        latest = latestInventory.remove(kind);
      }
      if (latest != null) {
        handle(latest, "inventory:" + kind);
      }
    });
  }

  private void handle(ControlMessage message, Object key) {
    try {
      handler.accept(message);
    } catch (RuntimeException e) {
      if (!DatabaseHealth.unreachable(e) || message instanceof JobProgress) {
        throw e;
      }
      LOG.warnf("keeping the %s message of host %s until the database is back: %s",
          message.getClass().getSimpleName(), session.hostName(), e.getMessage());
      synchronized (this) {
        if (failed.size() < limits.inboxSize()) {
          failed.putIfAbsent(key, message);
        }
      }
    }
  }

  private void count(String what, String reason) {
    metrics.counter("berth.link.messages." + what, "reason", reason).increment();
  }
}
