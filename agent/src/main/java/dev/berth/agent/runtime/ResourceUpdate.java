package dev.berth.agent.runtime;

import dev.berth.agent.runtime.oci.LinuxSpec;

/**
 * What {@code docker update} asks of a container (the body of {@code POST /containers/{id}/update}):
 * new limits, 0 (null for the pids limit) leaving one as it is, and maybe a restart policy. dockerd
 * merges it into the container's limits, refusing combinations that conflict with what is set, and
 * hands the runtime only what was asked.
 *
 * @param memory {@code -m}, bytes
 * @param memorySwap {@code --memory-swap}, bytes of memory plus swap; -1 unlimited
 * @param nanoCpus {@code --cpus} times 10^9
 * @param cpuShares {@code --cpu-shares}
 * @param cpuQuota {@code --cpu-quota}, microseconds per period
 * @param cpuPeriod {@code --cpu-period}, microseconds
 * @param pidsLimit {@code --pids-limit}; 0 or less: unlimited; null: unchanged
 * @param restartPolicy {@code --restart}; null: unchanged
 */
public record ResourceUpdate(long memory, long memorySwap, long nanoCpus, long cpuShares, long cpuQuota,
    long cpuPeriod, Long pidsLimit, RestartPolicy restartPolicy) {

  /** Checks the request on its own, as dockerd does before it looks at the container ({@code hostCpus}: CPUs here). */
  public void check(int hostCpus) {
    if (memory != 0 && memory < ResourceLimits.MIN_MEMORY) {
      throw new IllegalArgumentException("Minimum memory limit allowed is 6MB");
    }
    if (memory > 0 && memorySwap > 0 && memorySwap < memory) {
      throw new IllegalArgumentException("Minimum memoryswap limit should be larger than memory limit, see usage");
    }
    ResourceLimits.checkCpu(nanoCpus, cpuQuota, cpuPeriod);
    if (nanoCpus < 0 || nanoCpus > hostCpus * 1_000_000_000L) {
      throw new IllegalArgumentException("Range of CPUs is from 0.01 to " + hostCpus + ".00, as there are only "
          + hostCpus + " CPUs available");
    }
    if (cpuShares < 0) {
      throw new IllegalArgumentException("invalid CPU shares: " + cpuShares);
    }
  }

  /** This update on a host that can or cannot limit swap: without, memory comes with unlimited swap, as dockerd adapts it. */
  ResourceUpdate adaptedTo(boolean swapLimit) {
    if (swapLimit || memory <= 0 || memorySwap == -1) {
      return this;
    }
    return new ResourceUpdate(memory, -1, nanoCpus, cpuShares, cpuQuota, cpuPeriod, pidsLimit, restartPolicy);
  }

  /**
   * {@code options} with this update merged in, as dockerd's UpdateContainer merges; a conflict with
   * what is already set throws {@link ContainerConflictException} in dockerd's words.
   */
  CreateOptions applyTo(CreateOptions options) throws ContainerConflictException {
    ResourceLimits current = options.limits();
    if (nanoCpus > 0 && current.cpuPeriod() > 0) {
      throw conflict("Conflicting options: Nano CPUs cannot be updated as CPU Period has already been set");
    }
    if (nanoCpus > 0 && current.cpuQuota() > 0) {
      throw conflict("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
    }
    if (cpuPeriod > 0 && current.nanoCpus() > 0) {
      throw conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
    }
    if (cpuQuota > 0 && current.nanoCpus() > 0) {
      throw conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
    }
    // dockerd stores twice the memory as memory+swap when none was given; Berth stores 0 for that.
    long currentSwap = current.memory() > 0 ? current.effectiveSwap() : current.memorySwap();
    if (memory != 0 && memory > currentSwap && memorySwap == 0) {
      throw conflict("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at"
          + " the same time");
    }
    if (restartPolicy != null && options.autoRemove() && !restartPolicy.name().equals("no")) {
      throw conflict("Restart policy cannot be updated because AutoRemove is enabled for the container");
    }
    ResourceLimits merged = new ResourceLimits(or(memory, current.memory()), or(memorySwap, currentSwap),
        or(nanoCpus, current.nanoCpus()), or(cpuShares, current.cpuShares()),
        pidsLimit == null ? current.pidsLimit() : Math.max(0, pidsLimit), or(cpuQuota, current.cpuQuota()),
        or(cpuPeriod, current.cpuPeriod()));
    return options.toBuilder().limits(merged)
        .restartPolicy(restartPolicy == null ? options.restartPolicy() : restartPolicy).build();
  }

  /**
   * The resources {@code runc update} gets: only what was asked, as dockerd's toContainerdResources
   * builds them (runc leaves what is absent or 0 as it is).
   */
  LinuxSpec.Resources runcResources() {
    long period = nanoCpus != 0 ? ResourceLimits.CPU_PERIOD : cpuPeriod;
    long quota = nanoCpus != 0 ? nanoCpus * ResourceLimits.CPU_PERIOD / 1_000_000_000L : cpuQuota;
    LinuxSpec.Cpu cpu = new LinuxSpec.Cpu(cpuShares != 0 ? cpuShares : null, quota, period);
    LinuxSpec.Memory limits = memory != 0 || memorySwap > 0
        ? new LinuxSpec.Memory(memory != 0 ? memory : null, memorySwap > 0 ? memorySwap : null) : null;
    LinuxSpec.Pids pids = pidsLimit == null ? null : new LinuxSpec.Pids(pidsLimit > 0 ? pidsLimit : -1);
    return new LinuxSpec.Resources(null, limits, cpu, pids);
  }

  private static long or(long given, long current) {
    return given != 0 ? given : current;
  }

  private static ContainerConflictException conflict(String message) {
    return new ContainerConflictException(message);
  }
}
