package dev.berth.agent.events;

import dev.berth.util.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.lang.System.Logger.Level;

/**
 * The engine's event log, what {@code docker events} reads: the newest {@link #KEPT} events in
 * memory for replays ({@code --since}, {@code --until}), every event appended to an
 * {@link EventJournal} that refills the memory when the agent starts again, and the listeners
 * that receive events as they are published.
 *
 * <p>A subscription takes its replay and starts listening under the log's lock, so a listener
 * sees every event once: either replayed or live.
 */
public final class EventLog implements EngineEvents, AutoCloseable {
  /** Events kept in memory for replays (dockerd keeps 256). */
  public static final int KEPT = 1000;

  private static final System.Logger LOG = Log.of(EventLog.class);

  private final EventJournal journal;
  private final int kept;
  private final Deque<EngineEvent> recent;
  private final Set<EventSubscription> listeners = new LinkedHashSet<>();
  private boolean journalFailing;

  EventLog(EventJournal journal, int kept) throws IOException {
    this.journal = journal;
    this.kept = kept;
    this.recent = new ArrayDeque<>(journal.newest(kept));
  }

  /** The log journalled in {@code journalFile}, its newest events read back. */
  public static EventLog open(Path journalFile) throws IOException {
    return new EventLog(EventJournal.open(journalFile, EventJournal.DEFAULT_MAX_BYTES), KEPT);
  }

  /** Keeps {@code event}, journals it and hands it to every listener. */
  @Override
  public synchronized void publish(EngineEvent event) {
    if (recent.size() == kept) {
      recent.removeFirst();
    }
    recent.addLast(event);
    try {
      journal.append(event);
      journalFailing = false;
    } catch (IOException e) {
      if (!journalFailing) {
        LOG.log(Level.WARNING, "could not journal engine events", e);
      }
      journalFailing = true;
    }
    for (EventSubscription listener : listeners) {
      listener.offer(event);
    }
  }

  /**
   * A new listener of the events passing {@code filter}: first those kept from {@code since} to
   * {@code until} (both inclusive; null: unbounded; none at all when both are null, as dockerd
   * does), then every new one.
   */
  public synchronized EventSubscription subscribe(Instant since, Instant until, Predicate<EngineEvent> filter) {
    List<EngineEvent> replay = new ArrayList<>();
    if (since != null || until != null) {
      for (EngineEvent event : recent) {
        Instant at = event.instant();
        if ((since == null || !at.isBefore(since)) && (until == null || !at.isAfter(until)) && filter.test(event)) {
          replay.add(event);
        }
      }
    }
    EventSubscription listener = new EventSubscription(this, replay, filter);
    listeners.add(listener);
    return listener;
  }

  synchronized void unsubscribe(EventSubscription listener) {
    listeners.remove(listener);
  }

  /** Ends every subscription and closes the journal; later events are kept in memory only. */
  @Override
  public synchronized void close() throws IOException {
    listeners.forEach(EventSubscription::end);
    listeners.clear();
    journal.close();
  }
}
