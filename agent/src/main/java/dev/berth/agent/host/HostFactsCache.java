package dev.berth.agent.host;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Recent {@link HostFacts}, collected again only when older than a maximum age: collecting runs
 * three host tools, and {@code GET /info} may be asked often.
 */
public final class HostFactsCache implements Supplier<HostFacts> {

  private final HostFactsCollector collector;
  private final Duration maxAge;
  private final Clock clock;
  private HostFacts facts;
  private Instant collectedAt;

  /** Returns a cache over {@code collector} keeping facts for {@code maxAge}. */
  public HostFactsCache(HostFactsCollector collector, Duration maxAge) {
    this(collector, maxAge, Clock.systemUTC());
  }

  HostFactsCache(HostFactsCollector collector, Duration maxAge, Clock clock) {
    this.collector = collector;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The cached facts, collected anew when missing or stale. */
  @Override
  public synchronized HostFacts get() {
    Instant now = clock.instant();
    if (facts == null || collectedAt.plus(maxAge).isBefore(now)) {
      facts = collector.collect();
      collectedAt = now;
    }
    return facts;
  }
}
