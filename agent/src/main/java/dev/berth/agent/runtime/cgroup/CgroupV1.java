package dev.berth.agent.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cgroup on a cgroup v1 (or hybrid) host: one directory per controller,
 * {@code <root>/<controller>/<path>}, read as containerd's cgroups v1 library reads them for dockerd.
 */
final class CgroupV1 implements Cgroup {
  /** USER_HZ: the unit of cpuacct.stat. */
  private static final long CLOCK_TICKS = 100;
  private static final long NANOS_PER_TICK = 1_000_000_000L / CLOCK_TICKS;

  /** The memory.stat counters dockerd reports on cgroup v1. */
  private static final List<String> MEMORY_STATS = List.of("cache", "rss", "rss_huge", "mapped_file", "dirty",
      "writeback", "pgpgin", "pgpgout", "pgfault", "pgmajfault", "inactive_anon", "active_anon", "inactive_file",
      "active_file", "unevictable", "hierarchical_memory_limit", "hierarchical_memsw_limit", "total_cache",
      "total_rss", "total_rss_huge", "total_mapped_file", "total_dirty", "total_writeback", "total_pgpgin",
      "total_pgpgout", "total_pgfault", "total_pgmajfault", "total_inactive_anon", "total_active_anon",
      "total_inactive_file", "total_active_file", "total_unevictable");

  /** CFQ's recursive blkio files by dockerd's field name; when the devices use another scheduler they stay empty. */
  private static final Map<String, String> CFQ = orderedPairs(
      "io_service_bytes_recursive", "blkio.io_service_bytes_recursive",
      "io_serviced_recursive", "blkio.io_serviced_recursive",
      "io_queue_recursive", "blkio.io_queued_recursive",
      "io_service_time_recursive", "blkio.io_service_time_recursive",
      "io_wait_time_recursive", "blkio.io_wait_time_recursive",
      "io_merged_recursive", "blkio.io_merged_recursive",
      "io_time_recursive", "blkio.time_recursive",
      "sectors_recursive", "blkio.sectors_recursive");

  /** The throttling counters, which every kernel keeps, read when CFQ's are empty. */
  private static final Map<String, String> THROTTLE = orderedPairs(
      "io_service_bytes_recursive", "blkio.throttle.io_service_bytes",
      "io_serviced_recursive", "blkio.throttle.io_serviced");

  private final Path root;
  private final String path;

  /** The cgroup {@code path} (relative) under the controller hierarchies mounted in {@code root}. */
  CgroupV1(Path root, String path) {
    this.root = root;
    this.path = path;
  }

  @Override
  public List<Long> processes() throws IOException {
    return CgroupFiles.processes(controller("pids"));
  }

  @Override
  public CgroupSample sample() throws IOException {
    CgroupFiles.requireExists(controller("memory"));
    return new CgroupSample(cpu(), memory(), pids(), blkio());
  }

  private CgroupSample.Cpu cpu() throws IOException {
    Path cpuacct = controller("cpuacct");
    Map<String, Long> times = CgroupFiles.keyed(cpuacct.resolve("cpuacct.stat"));
    Map<String, Long> throttling = CgroupFiles.keyed(controller("cpu").resolve("cpu.stat"));
    return new CgroupSample.Cpu(CgroupFiles.number(cpuacct.resolve("cpuacct.usage"), 0),
        CgroupFiles.numbers(cpuacct.resolve("cpuacct.usage_percpu")),
        times.getOrDefault("system", 0L) * NANOS_PER_TICK, times.getOrDefault("user", 0L) * NANOS_PER_TICK,
        throttling.getOrDefault("nr_periods", 0L), throttling.getOrDefault("nr_throttled", 0L),
        throttling.getOrDefault("throttled_time", 0L));
  }

  private CgroupSample.Memory memory() throws IOException {
    Path memory = controller("memory");
    Map<String, Long> stat = CgroupFiles.keyed(memory.resolve("memory.stat"));
    Map<String, Long> stats = new LinkedHashMap<>();
    MEMORY_STATS.forEach(key -> stats.put(key, stat.getOrDefault(key, 0L)));
    return new CgroupSample.Memory(CgroupFiles.number(memory.resolve("memory.usage_in_bytes"), 0),
        CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes"), 0),
        CgroupFiles.number(memory.resolve("memory.failcnt"), 0),
        CgroupFiles.number(memory.resolve("memory.limit_in_bytes"), Long.MAX_VALUE), stats);
  }

  private CgroupSample.Pids pids() throws IOException {
    Path pids = controller("pids");
    return new CgroupSample.Pids(CgroupFiles.number(pids.resolve("pids.current"), 0),
        CgroupFiles.number(pids.resolve("pids.max"), 0));
  }

  // dockerd reports all eight v1 fields, empty when not counted.
  private CgroupSample.Blkio blkio() throws IOException {
    Path blkio = controller("blkio");
    Map<String, List<CgroupSample.Entry>> recursive = new LinkedHashMap<>();
    CFQ.keySet().forEach(field -> recursive.put(field, List.of()));
    if (Files.exists(blkio.resolve("blkio.io_serviced_recursive"))) {
      read(blkio, CFQ, recursive);
      if (recursive.values().stream().anyMatch(entries -> !entries.isEmpty())) {
        return new CgroupSample.Blkio(recursive);
      }
    }
    read(blkio, THROTTLE, recursive);
    return new CgroupSample.Blkio(recursive);
  }

  private static void read(Path blkio, Map<String, String> files, Map<String, List<CgroupSample.Entry>> into)
      throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      into.put(file.getKey(), BlkioLines.v1(CgroupFiles.lines(blkio.resolve(file.getValue()))));
    }
  }

  private Path controller(String name) {
    return root.resolve(name).resolve(path);
  }

  private static Map<String, String> orderedPairs(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
