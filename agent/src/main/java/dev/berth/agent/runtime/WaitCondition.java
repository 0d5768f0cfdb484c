package dev.berth.agent.runtime;

import java.util.Locale;

/** What {@code POST /containers/{id}/wait?condition=} waits for. */
public enum WaitCondition {
  /** The container is not running nor waiting to be restarted (at once when it is not). */
  NOT_RUNNING,
  /** The container's next exit (also one its restart policy follows with a restart), even when it has not started yet. */
  NEXT_EXIT,
  /** The container is removed. */
  REMOVED;

  /** The condition Docker names {@code text} ({@code not-running}, {@code next-exit}, {@code removed}); empty is not-running. */
  public static WaitCondition of(String text) {
    if (text == null || text.isEmpty()) {
      return NOT_RUNNING;
    }
    for (WaitCondition condition : values()) {
      if (condition.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(text)) {
        return condition;
      }
    }
    throw new IllegalArgumentException("invalid condition: \"" + text + "\"");
  }
}
