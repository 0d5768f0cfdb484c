package dev.berth.agent.image;

import java.io.IOException;

/** Where a pull or push reports its steps, as dockerd's progress messages ({@code id} may be null). */
public interface TransferProgress {
  /** One step, e.g. {@code ("a1b2c3d4e5f6", "Pull complete")}. */
  void status(String id, String status) throws IOException;
}
