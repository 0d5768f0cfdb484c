package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.host.HostCpuTime;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerStatus;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.cgroup.CgroupSample;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stats frames in dockerd's shape: Go's omitempty, sorted memory stats, the host's memory as the open limit, precpu chaining. */
class ContainerStatsJsonTest {
  private static final String ID = "a".repeat(64);
  private static final Container CONTAINER = new Container(ID, "web", "sha256:" + "b".repeat(64), "busybox",
      Instant.EPOCH, ContainerStatus.RUNNING, 10, 9, 0, Instant.EPOCH, null, "/log", CreateOptions.builder("busybox")
          .build(), 0, false);

  @Test
  void aCgroupV2SampleOmitsWhatIsZeroAndShowsTheHostsMemoryWhenUnlimited() {
    Map<String, Long> stats = new LinkedHashMap<>();
    stats.put("file", 2L);
    stats.put("anon", 1L);
    CgroupSample sample = new CgroupSample(new CgroupSample.Cpu(5000, null, 1000, 4000, 0, 0, 0),
        new CgroupSample.Memory(4096, 0, 0, Long.MAX_VALUE, stats), new CgroupSample.Pids(2, 0),
        new CgroupSample.Blkio(Map.of("io_service_bytes_recursive", List.of(new CgroupSample.Entry(8, 0, "read", 7)))));
    ContainerStatsJson frames = new ContainerStatsJson(CONTAINER, 1 << 30);
    ObjectNode first = frames.next(sample, new HostCpuTime(1_000_000, 2), Instant.parse("2024-05-01T10:00:00.5Z"));
    assertEquals("{\"read\":\"2024-05-01T10:00:00.5Z\",\"preread\":\"0001-01-01T00:00:00Z\",\"pids_stats\":"
        + "{\"current\":2},\"blkio_stats\":{\"io_service_bytes_recursive\":[{\"major\":8,\"minor\":0,\"op\":\"read\","
        + "\"value\":7}],\"io_serviced_recursive\":null,\"io_queue_recursive\":null,\"io_service_time_recursive\":null,"
        + "\"io_wait_time_recursive\":null,\"io_merged_recursive\":null,\"io_time_recursive\":null,"
        + "\"sectors_recursive\":null},\"num_procs\":0,\"storage_stats\":{},\"cpu_stats\":{\"cpu_usage\":"
        + "{\"total_usage\":5000,\"usage_in_kernelmode\":1000,\"usage_in_usermode\":4000},\"system_cpu_usage\":1000000,"
        + "\"online_cpus\":2,\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},"
        + "\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0,\"usage_in_kernelmode\":0,\"usage_in_usermode\":0},"
        + "\"throttling_data\":{\"periods\":0,\"throttled_periods\":0,\"throttled_time\":0}},\"memory_stats\":"
        + "{\"usage\":4096,\"stats\":{\"anon\":1,\"file\":2},\"limit\":1073741824},\"name\":\"/web\",\"id\":\"" + ID
        + "\"}", first.toString());

    ObjectNode second = frames.next(null, null, Instant.now());
    assertEquals(first.get("cpu_stats"), second.get("precpu_stats"));
    assertEquals(first.get("read"), second.get("preread"));
    assertEquals("0001-01-01T00:00:00Z", second.get("read").asText(), "a stopped container's frame is zeroed");
    assertEquals("{}", second.get("memory_stats").toString());
    assertFalse(second.get("cpu_stats").has("system_cpu_usage"));
  }

  @Test
  void aCgroupV1SampleKeepsItsLimitPerCpuTimesAndPeak() {
    CgroupSample sample = new CgroupSample(new CgroupSample.Cpu(30, List.of(10L, 20L), 0, 0, 1, 0, 0),
        new CgroupSample.Memory(4096, 8192, 3, 32 << 20, Map.of()), new CgroupSample.Pids(1, 50),
        new CgroupSample.Blkio(Map.of()));
    ObjectNode frame = new ContainerStatsJson(CONTAINER, 1 << 30).next(sample, new HostCpuTime(1, 1), Instant.EPOCH);
    assertEquals("[10,20]", frame.at("/cpu_stats/cpu_usage/percpu_usage").toString());
    assertEquals("{\"usage\":4096,\"max_usage\":8192,\"failcnt\":3,\"limit\":33554432}",
        frame.get("memory_stats").toString());
    assertEquals("{\"current\":1,\"limit\":50}", frame.get("pids_stats").toString());
  }
}
