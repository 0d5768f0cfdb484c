package dev.berth.control.build;

import java.util.ArrayList;
import java.util.List;

/**
 * The output of one running build as it comes from the host, for the pages and API callers that
 * follow it: whoever subscribes first gets everything so far, then each new piece, then the end.
 * Kept in memory (up to {@link #MAX_CHARS}; the oldest text goes first) only while the build runs
 * on this replica; the history keeps the last {@link #TAIL_CHARS} characters.
 */
public final class BuildOutput {
  /** How much of a build's output the history keeps. */
  public static final int TAIL_CHARS = 16 * 1024;
  private static final int MAX_CHARS = 1024 * 1024;

  /** Hears a build's output. */
  public interface Listener {
    /** A new piece of output. */
    void output(String text);

    /** The build ended (its row already says how). */
    void end();
  }

  private final StringBuilder text = new StringBuilder();
  private final List<Listener> listeners = new ArrayList<>();
  private boolean ended;

  /** Appends {@code piece} and hands it to the listeners. */
  public synchronized void append(String piece) {
    text.append(piece);
    if (text.length() > MAX_CHARS) {
      text.delete(0, text.length() - MAX_CHARS);
    }
    listeners.forEach(listener -> listener.output(piece));
  }

  /** Marks the end and tells the listeners. */
  public synchronized void end() {
    ended = true;
    listeners.forEach(Listener::end);
    listeners.clear();
  }

  /** Everything so far (up to the last megabyte). */
  public synchronized String text() {
    return text.toString();
  }

  /** The last {@link #TAIL_CHARS} characters. */
  public synchronized String tail() {
    return text.substring(Math.max(0, text.length() - TAIL_CHARS));
  }

  /**
   * Hands {@code listener} the output so far at once, then what follows; returns how to stop
   * listening. A build that has ended gets its output and its end at once.
   */
  public synchronized Runnable follow(Listener listener) {
    if (!text.isEmpty()) {
      listener.output(text.toString());
    }
    if (ended) {
      listener.end();
      return () -> { };
    }
    listeners.add(listener);
    return () -> remove(listener);
  }

  private synchronized void remove(Listener listener) {
    listeners.remove(listener);
  }
}
