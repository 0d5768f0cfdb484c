package dev.berth.agent.runtime;

/**
 * Cgroup limits of a container, as Docker's flags give them; 0 means not limited.
 *
 * @param memory {@code -m}, bytes
 * @param memorySwap {@code --memory-swap}, memory plus swap in bytes; -1 unlimited, 0 twice {@code memory}
 * @param nanoCpus {@code --cpus} times 10^9
 * @param cpuShares {@code --cpu-shares}, relative weight (Docker's default 1024)
 * @param pidsLimit {@code --pids-limit}; 0 or less: unlimited
 */
public record ResourceLimits(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit) {
  /** No limits. */
  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, 0, 0);

  /** The CFS period Docker uses for {@code --cpus}, in microseconds. */
  public static final long CPU_PERIOD = 100_000;

  /** Checks the limits as Docker does. */
  public ResourceLimits {
    if (memory < 0 || nanoCpus < 0 || cpuShares < 0) {
      throw new IllegalArgumentException("memory, cpus and cpu-shares must not be negative");
    }
    if (memory > 0 && memory < 6 * 1024 * 1024) {
      throw new IllegalArgumentException("Minimum memory limit allowed is 6MB");
    }
    if (memorySwap > 0 && memorySwap < memory) {
      throw new IllegalArgumentException(
          "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memorySwap > 0 && memory == 0) {
      throw new IllegalArgumentException("You should always set the Memory limit when using Memoryswap limit");
    }
  }

  /** The memory+swap limit the cgroup gets: twice the memory when unset (Docker's default), else as given. */
  public long effectiveSwap() {
    if (memory == 0) {
      return 0;
    }
    return memorySwap == 0 ? 2 * memory : memorySwap;
  }

  /** The CFS quota per {@link #CPU_PERIOD} that {@code --cpus} means; 0 when unset. */
  public long cpuQuota() {
    return nanoCpus * CPU_PERIOD / 1_000_000_000L;
  }
}
