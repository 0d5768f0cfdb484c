package dev.berth.agent.runtime;

/**
 * One lock per container (striped: containers may share one) held while its lifecycle changes —
 * start, stop, kill, removal, a restart by its policy — so a restart cannot slip between a user's
 * stop and its effect. Taken before the index's own lock, never inside it.
 */
final class ContainerLocks {
  private static final int STRIPES = 64;

  private final Object[] locks = new Object[STRIPES];

  ContainerLocks() {
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** The lock of container {@code id}. */
  Object of(String id) {
    return locks[Math.floorMod(id.hashCode(), STRIPES)];
  }
}
