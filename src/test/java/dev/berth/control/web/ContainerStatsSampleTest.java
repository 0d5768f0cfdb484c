package dev.berth.control.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** docker stats' arithmetic on a stats frame. */
class ContainerStatsSampleTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void cpuIsTheContainersShareOfTheHostsTimeTimesItsCpusAndMemoryLeavesOutThePageCache() throws Exception {
    ContainerStatsSample sample = ContainerStatsSample.of(JSON.readTree("""
        {"cpu_stats": {"cpu_usage": {"total_usage": 3000}, "system_cpu_usage": 20000, "online_cpus": 2},
         "precpu_stats": {"cpu_usage": {"total_usage": 1000}, "system_cpu_usage": 10000},
         "memory_stats": {"usage": 5000, "limit": 100000, "stats": {"inactive_file": 1000}},
         "pids_stats": {"current": 3}}"""));
    assertEquals(40.0, sample.cpuPercent(), 1e-9);
    assertEquals(4000, sample.memoryBytes());
    assertEquals(100000, sample.memoryLimit());
    assertEquals(3, sample.pids());
  }

  @Test
  void theFirstFrameAndAStoppedContainerReadAsZero() throws Exception {
    ContainerStatsSample sample = ContainerStatsSample.of(JSON.readTree("""
        {"cpu_stats": {"cpu_usage": {}}, "precpu_stats": {}, "memory_stats": {}, "pids_stats": {}}"""));
    assertEquals(new ContainerStatsSample(0, 0, 0, 0), sample);
  }
}
