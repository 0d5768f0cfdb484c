package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.DockerTime;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.host.HostCpuTime;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.cgroup.CgroupSample;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * The frames of one container's {@code GET /containers/{id}/stats} answer, in dockerd's
 * StatsResponse shape (API 1.47): each frame carries the CPU counters and time of the frame before
 * it ({@code precpu_stats}, {@code preread}), so the client can compute CPU %. Go's
 * {@code omitempty} is followed field by field; a container that is not running gives a zeroed
 * frame with only its name and id. No {@code networks} until containers have networks.
 */
final class ContainerStatsJson {
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  private static final List<String> BLKIO_FIELDS = List.of("io_service_bytes_recursive", "io_serviced_recursive",
      "io_queue_recursive", "io_service_time_recursive", "io_wait_time_recursive", "io_merged_recursive",
      "io_time_recursive", "sectors_recursive");

  private final Container container;
  private final long machineMemory;
  private ObjectNode previousCpu = cpu(null, null);
  private String previousRead = ZERO_TIME;

  /** Frames for {@code container} on a host with {@code machineMemory} bytes (the limit shown when it has none). */
  ContainerStatsJson(Container container, long machineMemory) {
    this.container = container;
    this.machineMemory = machineMemory;
  }

  /** The next frame: {@code sample} read at {@code read} with the host's CPU time {@code host}, or zeroed when {@code sample} is null. */
  ObjectNode next(CgroupSample sample, HostCpuTime host, Instant read) {
    ObjectNode frame = JsonReply.object();
    String readTime = sample == null ? ZERO_TIME : DockerTime.rfc3339Nano(read);
    frame.put("read", readTime);
    frame.put("preread", previousRead);
    ObjectNode pids = frame.putObject("pids_stats");
    ObjectNode blkio = frame.putObject("blkio_stats");
    BLKIO_FIELDS.forEach(blkio::putNull);
    frame.put("num_procs", 0);
    frame.putObject("storage_stats");
    ObjectNode cpu = cpu(sample, host);
    frame.set("cpu_stats", cpu);
    frame.set("precpu_stats", previousCpu);
    ObjectNode memory = frame.putObject("memory_stats");
    if (sample != null) {
      putIfNonZero(pids, "current", sample.pids().current());
      putIfNonZero(pids, "limit", sample.pids().limit());
      sample.blkio().recursive().forEach((field, entries) -> blkio.set(field, entries(entries)));
      memory(memory, sample.memory());
    }
    frame.put("name", "/" + container.name());
    frame.put("id", container.id());
    previousCpu = cpu;
    previousRead = readTime;
    return frame;
  }

  private static ObjectNode cpu(CgroupSample sample, HostCpuTime host) {
    ObjectNode cpu = JsonReply.object();
    ObjectNode usage = cpu.putObject("cpu_usage");
    CgroupSample.Cpu counters = sample == null ? new CgroupSample.Cpu(0, null, 0, 0, 0, 0, 0) : sample.cpu();
    usage.put("total_usage", counters.totalNanos());
    if (counters.perCpuNanos() != null && !counters.perCpuNanos().isEmpty()) {
      ArrayNode perCpu = usage.putArray("percpu_usage");
      counters.perCpuNanos().forEach(perCpu::add);
    }
    usage.put("usage_in_kernelmode", counters.kernelNanos());
    usage.put("usage_in_usermode", counters.userNanos());
    if (sample != null) {
      putIfNonZero(cpu, "system_cpu_usage", host.totalNanos());
      putIfNonZero(cpu, "online_cpus", host.onlineCpus());
    }
    cpu.putObject("throttling_data").put("periods", counters.periods())
        .put("throttled_periods", counters.throttledPeriods()).put("throttled_time", counters.throttledNanos());
    return cpu;
  }

  private void memory(ObjectNode json, CgroupSample.Memory memory) {
    putIfNonZero(json, "usage", memory.usage());
    putIfNonZero(json, "max_usage", memory.maxUsage());
    if (!memory.stats().isEmpty()) {
      ObjectNode stats = json.putObject("stats");
      new TreeMap<>(memory.stats()).forEach(stats::put); // Go writes map keys sorted
    }
    putIfNonZero(json, "failcnt", memory.failcnt());
    // dockerd shows the host's memory when the limit is larger (unlimited)
    long limit = memory.limit() > machineMemory && machineMemory > 0 ? machineMemory : memory.limit();
    putIfNonZero(json, "limit", limit);
  }

  private static ArrayNode entries(List<CgroupSample.Entry> entries) {
    ArrayNode array = JsonReply.mapper().createArrayNode();
    for (CgroupSample.Entry entry : entries) {
      array.addObject().put("major", entry.major()).put("minor", entry.minor()).put("op", entry.op())
          .put("value", entry.value());
    }
    return array;
  }

  private static void putIfNonZero(ObjectNode json, String field, long value) {
    if (value != 0) {
      json.put(field, value);
    }
  }
}
