package dev.berth.agent.snapshot;

import dev.berth.agent.content.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OCI chain ids, the names of unpacked layers: a layer's content depends on every layer under it,
 * so it is keyed by the whole stack up to it, not by its own DiffID.
 *
 * <pre>
 *   ChainID(L0)     = DiffID(L0)
 *   ChainID(L0..n)  = sha256(ChainID(L0..n-1) + " " + DiffID(Ln))
 * </pre>
 */
public final class ChainIds {
  private ChainIds() {}

  /** The chain id of each prefix of {@code diffIds} (bottom layer first), in the same order. */
  public static List<Digest> of(List<Digest> diffIds) {
    List<Digest> chainIds = new ArrayList<>(diffIds.size());
    Digest previous = null;
    for (Digest diffId : diffIds) {
      previous = previous == null
          ? diffId
          : Digest.of((previous + " " + diffId).getBytes(StandardCharsets.UTF_8));
      chainIds.add(previous);
    }
    return List.copyOf(chainIds);
  }
}
