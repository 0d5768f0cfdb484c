package dev.berth.agent.runtime;

import java.time.Instant;

/**
 * One line a container wrote, without its newline.
 *
 * @param time when conmon read it
 * @param stream which stream it came from
 * @param text the line
 */
public record LogLine(Instant time, Stream stream, String text) {
  /** The container's output streams. */
  public enum Stream {
    /** Standard output (and a terminal's output). */
    STDOUT,
    /** Standard error. */
    STDERR
  }
}
