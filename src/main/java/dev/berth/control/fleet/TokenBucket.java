package dev.berth.control.fleet;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Each
 * message an agent sends takes one; a link out of tokens is sending faster than allowed.
 */
final class TokenBucket {
  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long refilledAt = System.nanoTime();

  TokenBucket(double ratePerSecond, int burst) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Takes a token if there is one. */
  synchronized boolean tryTake() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
    refilledAt = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
