package dev.berth.agent.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cgroup on a cgroup v2 (unified) host: one directory, {@code <root>/<path>}, read as
 * containerd's cgroups v2 library reads it for dockerd (cpu.stat, memory.current/max/stat/events,
 * pids.current/max, io.stat).
 */
final class CgroupV2 implements Cgroup {
  /** The memory.stat counters dockerd reports on cgroup v2. */
  private static final List<String> MEMORY_STATS = List.of("anon", "file", "kernel_stack", "slab", "sock", "shmem",
      "file_mapped", "file_dirty", "file_writeback", "anon_thp", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "slab_reclaimable", "slab_unreclaimable", "pgfault", "pgmajfault",
      "workingset_refault", "workingset_activate", "workingset_nodereclaim", "pgrefill", "pgscan", "pgsteal",
      "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "thp_fault_alloc", "thp_collapse_alloc");

  private final Path dir;

  /** The cgroup directory {@code dir}. */
  CgroupV2(Path dir) {
    this.dir = dir;
  }

  @Override
  public List<Long> processes() throws IOException {
    return CgroupFiles.processes(dir);
  }

  @Override
  public CgroupSample sample() throws IOException {
    CgroupFiles.requireExists(dir);
    Map<String, Long> cpu = CgroupFiles.keyed(dir.resolve("cpu.stat"));
    Map<String, Long> stat = CgroupFiles.keyed(dir.resolve("memory.stat"));
    Map<String, Long> stats = new LinkedHashMap<>();
    MEMORY_STATS.forEach(key -> stats.put(key, stat.getOrDefault(key, 0L)));
    Map<String, List<CgroupSample.Entry>> io = new LinkedHashMap<>();
    List<CgroupSample.Entry> bytes = BlkioLines.v2(CgroupFiles.lines(dir.resolve("io.stat")));
    if (!bytes.isEmpty()) {
      io.put("io_service_bytes_recursive", bytes);
    }
    return new CgroupSample(
        new CgroupSample.Cpu(micros(cpu, "usage_usec"), null, micros(cpu, "system_usec"), micros(cpu, "user_usec"),
            cpu.getOrDefault("nr_periods", 0L), cpu.getOrDefault("nr_throttled", 0L), micros(cpu, "throttled_usec")),
        new CgroupSample.Memory(CgroupFiles.number(dir.resolve("memory.current"), 0), 0,
            CgroupFiles.keyed(dir.resolve("memory.events")).getOrDefault("oom", 0L),
            CgroupFiles.number(dir.resolve("memory.max"), Long.MAX_VALUE), stats),
        new CgroupSample.Pids(CgroupFiles.number(dir.resolve("pids.current"), 0),
            CgroupFiles.number(dir.resolve("pids.max"), 0)),
        new CgroupSample.Blkio(io));
  }

  private static long micros(Map<String, Long> stat, String key) {
    return stat.getOrDefault(key, 0L) * 1000;
  }
}
