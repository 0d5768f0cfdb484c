package dev.berth.agent.link;

import dev.berth.util.Log;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.link.Link;
import dev.berth.link.message.InventoryReport;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the control plane's inventory of this host current: every kind in full after each
 * connect, a kind again shortly after it changes (changes within the delay are sent once), and
 * kinds whose listing drifts with time (a container's "Up 5 minutes") every so often. Reports are
 * whole lists, so one that is lost is mended by the next.
 */
public final class InventoryReporter {
  private static final System.Logger LOG = Log.of(InventoryReporter.class);
  private static final long DELAY_MILLIS = 200;

  private final Map<String, Supplier<JsonNode>> sources;
  private final ScheduledExecutorService timer;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private volatile Supplier<Link> currentLink = () -> null;

  /** Reports the given kinds (e.g. {@code images}), each listed by its supplier. */
  public InventoryReporter(Map<String, Supplier<JsonNode>> sources, ScheduledExecutorService timer) {
    this.sources = Map.copyOf(sources);
    this.timer = timer;
  }

  /** Where reports go: the link that is up now, or null. */
  void sendThrough(Supplier<Link> link) {
    this.currentLink = link;
  }

  /** Sends every kind, as after a (re)connect. */
  void reportAll() {
    sources.keySet().forEach(this::send);
  }

  /** Something of {@code kind} changed: report it soon. */
  public void changed(String kind) {
    if (sources.containsKey(kind) && pending.add(kind)) {
      timer.schedule(() -> {
        pending.remove(kind);
        send(kind);
      }, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Reports {@code kind} every {@code period} besides its changes. */
  public void reportEvery(String kind, Duration period) {
    timer.scheduleWithFixedDelay(() -> changed(kind), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void send(String kind) {
    Link link = currentLink.get();
    if (link == null) {
      return; // the next connect reports everything
    }
    try {
      link.send(new InventoryReport(kind, sources.get(kind).get()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cannot list " + kind + " for the inventory: " + e.getMessage());
    }
  }
}
