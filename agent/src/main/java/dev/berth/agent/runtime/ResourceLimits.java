package dev.berth.agent.runtime;

/**
 * Cgroup limits of a container, as Docker's flags give them; 0 means not limited.
 *
 * @param memory {@code -m}, bytes
 * @param memorySwap {@code --memory-swap}, memory plus swap in bytes; -1 unlimited, 0 twice {@code memory}
 * @param nanoCpus {@code --cpus} times 10^9
 * @param cpuShares {@code --cpu-shares}, relative weight (Docker's default 1024)
 * @param pidsLimit {@code --pids-limit}; 0 or less: unlimited
 * @param cpuQuota {@code --cpu-quota}, microseconds of CPU time per period; -1 or 0: none
 * @param cpuPeriod {@code --cpu-period}, the CFS period in microseconds; 0: the kernel's (100 ms)
 */
public record ResourceLimits(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit,
    long cpuQuota, long cpuPeriod) {
  /** No limits. */
  public static final ResourceLimits NONE = new ResourceLimits(0, 0, 0, 0, 0);

  /** The CFS period Docker uses for {@code --cpus}, in microseconds. */
  public static final long CPU_PERIOD = 100_000;

  /** Docker's smallest memory limit. */
  public static final long MIN_MEMORY = 6L * 1024 * 1024;

  /** Checks the limits as Docker does. */
  public ResourceLimits {
    if (memory < 0 || nanoCpus < 0 || cpuShares < 0) {
      throw new IllegalArgumentException("memory, cpus and cpu-shares must not be negative");
    }
    if (memory > 0 && memory < MIN_MEMORY) {
      throw new IllegalArgumentException("Minimum memory limit allowed is 6MB");
    }
    if (memorySwap > 0 && memorySwap < memory) {
      throw new IllegalArgumentException(
          "Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    if (memorySwap > 0 && memory == 0) {
      throw new IllegalArgumentException("You should always set the Memory limit when using Memoryswap limit");
    }
    checkCpu(nanoCpus, cpuQuota, cpuPeriod);
  }

  /** Limits without a CFS quota or period of their own. */
  public ResourceLimits(long memory, long memorySwap, long nanoCpus, long cpuShares, long pidsLimit) {
    this(memory, memorySwap, nanoCpus, cpuShares, pidsLimit, 0, 0);
  }

  /** dockerd's checks of {@code --cpus}, {@code --cpu-quota} and {@code --cpu-period} together. */
  static void checkCpu(long nanoCpus, long cpuQuota, long cpuPeriod) {
    if (nanoCpus > 0 && cpuPeriod > 0) {
      throw new IllegalArgumentException("Conflicting options: Nano CPUs and CPU Period cannot both be set");
    }
    if (nanoCpus > 0 && cpuQuota > 0) {
      throw new IllegalArgumentException("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
    }
    if (cpuPeriod != 0 && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
      throw new IllegalArgumentException(
          "CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
    }
    if (cpuQuota > 0 && cpuQuota < 1000) {
      throw new IllegalArgumentException("CPU cfs quota can not be less than 1ms (i.e. 1000)");
    }
  }

  /** The memory+swap limit the cgroup gets: twice the memory when unset (Docker's default), else as given. */
  public long effectiveSwap() {
    if (memory == 0) {
      return 0;
    }
    return memorySwap == 0 ? 2 * memory : memorySwap;
  }

  /** The CFS quota the cgroup gets, as dockerd derives it: {@code cpuQuota}, else what {@code --cpus} means per {@link #CPU_PERIOD}; 0: none. */
  public long cfsQuota() {
    return cpuQuota != 0 ? cpuQuota : nanoCpus * CPU_PERIOD / 1_000_000_000L;
  }

  /** The CFS period the cgroup gets: {@code cpuPeriod}, else {@link #CPU_PERIOD} with {@code --cpus}; 0: the kernel's. */
  public long cfsPeriod() {
    return cpuPeriod != 0 ? cpuPeriod : nanoCpus > 0 ? CPU_PERIOD : 0;
  }
}
