package dev.berth.control.fleet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * What one agent link may send, so that a flooding, oversized or reconnect-looping agent cannot
 * starve the others ({@code berth.link.*}). Heartbeats are never limited.
 */
@ConfigMapping(prefix = "berth.link")
public interface LinkLimits {
  /** Control messages a second one link may send, sustained. */
  @WithDefault("50")
  int messagesPerSecond();

  /** Control messages one link may send in a burst above the sustained rate. */
  @WithDefault("500")
  int burst();

  /**
   * Control messages a second above which a link is closed rather than limited (with ten times
   * the burst): parsing alone would cost the control plane too much. No sane agent comes near it.
   */
  @WithDefault("500")
  int closeAbovePerSecond();

  /** Most messages waiting in a session's inbox (for the database); a link over it is closed. */
  @WithDefault("1000")
  int inboxSize();

  /** Most items in one inventory report; a larger report is refused (the link stays). */
  @WithDefault("20000")
  int inventoryItems();

  /** Most link upgrades one agent may make in a minute; more are refused with HTTP 429. */
  @WithDefault("30")
  int reconnectsPerMinute();

  /** How long an agent over {@link #reconnectsPerMinute()} is refused. */
  @WithDefault("PT1M")
  Duration reconnectPenalty();
}
