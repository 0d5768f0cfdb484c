package dev.berth.agent.events;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One listener of the {@link EventLog}: the past events it asked for, then the live ones that
 * pass its filter, in order. A listener too slow to keep {@link #BACKLOG} events in hand misses
 * the newest ones (dockerd also drops events for a stuck listener), never holding up the engine.
 */
public final class EventSubscription implements AutoCloseable {
  /** How many live events wait for a slow listener before new ones are dropped. */
  static final int BACKLOG = 1024;

  private final EventLog log;
  private final List<EngineEvent> replay;
  private final Predicate<EngineEvent> filter;
  private final BlockingQueue<EngineEvent> live = new ArrayBlockingQueue<>(BACKLOG);
  private volatile boolean ended;

  EventSubscription(EventLog log, List<EngineEvent> replay, Predicate<EngineEvent> filter) {
    this.log = log;
    this.replay = List.copyOf(replay);
    this.filter = filter;
  }

  /** The past events asked for (within since and until, passing the filter), oldest first. */
  public List<EngineEvent> replay() {
    return replay;
  }

  /** The next live event passing the filter, waiting at most {@code wait}; empty when none came or the log closed. */
  public Optional<EngineEvent> next(Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (long left = wait.toNanos(); left > 0 && !ended; left = deadline - System.nanoTime()) {
      EngineEvent event = live.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      if (event != null && filter.test(event)) {
        return Optional.of(event);
      }
    }
    return Optional.empty();
  }

  /** Whether the log closed (no event will come any more). */
  public boolean ended() {
    return ended;
  }

  /** Stops listening. */
  @Override
  public void close() {
    log.unsubscribe(this);
  }

  void offer(EngineEvent event) {
    live.offer(event);
  }

  void end() {
    ended = true;
  }
}
