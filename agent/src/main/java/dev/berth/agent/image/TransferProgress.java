package dev.berth.agent.image;

import java.io.IOException;

/**
 * Where a pull or push reports its steps, as dockerd's progress messages ({@code id} may be null).
 * Calls may come from several threads (layers download in parallel).
 */
public interface TransferProgress {
  /** One step, e.g. {@code ("a1b2c3d4e5f6", "Pull complete")}. */
  void status(String id, String status) throws IOException;

  /** Bytes done of one item, e.g. {@code ("a1b2c3d4e5f6", "Downloading", 1200000, 5000000)}. */
  default void progress(String id, String status, long current, long total) throws IOException {}
}
