package dev.berth.agent.runtime.cgroup;

import java.util.List;
import java.util.Map;

/**
 * One reading of a container's cgroup counters, in the units {@code docker stats} reports them
 * (nanoseconds, bytes), with what cgroup v1 and v2 each keep.
 *
 * @param cpu CPU time used
 * @param memory memory used and its limit
 * @param pids processes and their limit
 * @param blkio block I/O by device
 */
public record CgroupSample(Cpu cpu, Memory memory, Pids pids, Blkio blkio) {

  /**
   * CPU time since the cgroup was made, and CFS throttling.
   *
   * @param totalNanos all CPU time
   * @param perCpuNanos time per CPU (cgroup v1's cpuacct; null on v2, which does not keep it)
   * @param kernelNanos time in kernel mode
   * @param userNanos time in user mode
   * @param periods CFS periods that have elapsed
   * @param throttledPeriods periods in which the quota ran out
   * @param throttledNanos time spent throttled
   */
  public record Cpu(long totalNanos, List<Long> perCpuNanos, long kernelNanos, long userNanos, long periods,
      long throttledPeriods, long throttledNanos) {}

  /**
   * Memory now, at its peak, and its limit.
   *
   * @param usage bytes charged now
   * @param maxUsage the peak (0 on cgroup v2, as dockerd leaves it)
   * @param failcnt times the limit was hit (v1) or OOM events (v2)
   * @param limit the limit in bytes; {@link Long#MAX_VALUE} or near it when unlimited
   * @param stats the counters of memory.stat that dockerd passes on, by name
   */
  public record Memory(long usage, long maxUsage, long failcnt, long limit, Map<String, Long> stats) {}

  /**
   * Processes.
   *
   * @param current how many there are
   * @param limit the most allowed; 0 when unlimited
   */
  public record Pids(long current, long limit) {}

  /**
   * Block I/O counters.
   *
   * @param recursive entries by dockerd's field name ({@code io_service_bytes_recursive}…); fields
   *     the host does not count are absent
   */
  public record Blkio(Map<String, List<Entry>> recursive) {}

  /**
   * One device's counter for one operation.
   *
   * @param major device major number
   * @param minor device minor number
   * @param op {@code Read}, {@code Write}… as the kernel names it (v2: {@code read}, {@code write})
   * @param value bytes or operations
   */
  public record Entry(long major, long minor, String op, long value) {}
}
