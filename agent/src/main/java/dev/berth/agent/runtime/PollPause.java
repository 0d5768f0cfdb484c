package dev.berth.agent.runtime;

import java.io.IOException;

/** The pause between looks at conmon's exit file while waiting: 2 ms, doubling up to 50 ms. */
final class PollPause {
  private long millis = 2;

  /** Sleeps the next pause; an interrupt ends the wait for {@code containerId} with an IOException. */
  void sleep(String containerId) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for container " + containerId, e);
    }
    millis = Math.min(millis * 2, 50);
  }
}
