package dev.berth.control.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One reading of a container's stats as {@code docker stats} shows it, from a frame of
 * {@code GET /containers/{id}/stats}: CPU % over the frame's interval (its usage against the host's,
 * times the online CPUs), memory used without the page cache (inactive file pages), its limit, PIDs.
 *
 * @param cpuPercent CPU use, 100 per fully used CPU
 * @param memoryBytes memory in use
 * @param memoryLimit the memory limit (the host's memory when none was set)
 * @param pids processes and threads
 */
public record ContainerStatsSample(double cpuPercent, long memoryBytes, long memoryLimit, long pids) {

  /** The reading in {@code frame}. */
  public static ContainerStatsSample of(JsonNode frame) {
    JsonNode cpu = frame.path("cpu_stats");
    JsonNode precpu = frame.path("precpu_stats");
    double cpuDelta = cpu.path("cpu_usage").path("total_usage").asDouble() - precpu.path("cpu_usage").path("total_usage").asDouble();
    double systemDelta = cpu.path("system_cpu_usage").asDouble() - precpu.path("system_cpu_usage").asDouble();
    int cpus = Math.max(1, cpu.path("online_cpus").asInt(1));
    double percent = cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * cpus * 100 : 0;
    JsonNode memory = frame.path("memory_stats");
    JsonNode detail = memory.path("stats");
    long cache = detail.has("inactive_file") ? detail.path("inactive_file").asLong()
        : detail.path("total_inactive_file").asLong();
    long used = Math.max(0, memory.path("usage").asLong() - cache);
    return new ContainerStatsSample(percent, used, memory.path("limit").asLong(), frame.path("pids_stats").path("current").asLong());
  }
}
