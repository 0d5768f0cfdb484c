package dev.berth.agent.snapshot;

import dev.berth.agent.content.Digest;
import java.nio.file.Path;
import java.util.List;

/**
 * A writable snapshot: a container's {@code upper} directory (its changes) and overlay's
 * {@code work} directory, over committed layers {@code parents} (chain ids, bottom to top).
 */
public record ActiveSnapshot(String key, List<Digest> parents, Path upper, Path work) {
  /** Copies the parents so the record stays immutable. */
  public ActiveSnapshot {
    parents = List.copyOf(parents);
  }
}
