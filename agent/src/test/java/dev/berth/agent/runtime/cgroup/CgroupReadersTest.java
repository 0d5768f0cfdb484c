package dev.berth.agent.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup v1 and v2 readers over fixture trees shaped like the kernel's files. */
class CgroupReadersTest {
  @TempDir Path root;

  @Test
  void readsAUnifiedCgroupAsContainerdDoesForDockerd() throws IOException {
    write("cgroup.controllers", "cpu memory pids io");
    Path dir = root.resolve("berth/abc");
    write("berth/abc/cpu.stat", "usage_usec 2500\nuser_usec 2000\nsystem_usec 500\nnr_periods 10\nnr_throttled 2\n"
        + "throttled_usec 70\n");
    write("berth/abc/memory.current", "1048576");
    write("berth/abc/memory.max", "max");
    write("berth/abc/memory.stat", "anon 4096\nfile 8192\ninactive_file 100\nworkingset_refault_anon 3\n");
    write("berth/abc/memory.events", "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
    write("berth/abc/pids.current", "3");
    write("berth/abc/pids.max", "max");
    write("berth/abc/io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
    write("berth/abc/cgroup.procs", "10\n11\n");
    write("berth/abc/sub/cgroup.procs", "12\n");

    Cgroup cgroup = Cgroup.of(root, "/berth/abc");
    assertTrue(cgroup instanceof CgroupV2);
    assertEquals(List.of(10L, 11L, 12L), cgroup.processes());
    CgroupSample sample = cgroup.sample();
    assertEquals(new CgroupSample.Cpu(2_500_000, null, 500_000, 2_000_000, 10, 2, 70_000), sample.cpu());
    assertEquals(1048576, sample.memory().usage());
    assertEquals(0, sample.memory().maxUsage());
    assertEquals(1, sample.memory().failcnt());
    assertEquals(Long.MAX_VALUE, sample.memory().limit());
    assertEquals(31, sample.memory().stats().size());
    assertEquals(100L, sample.memory().stats().get("inactive_file"));
    assertEquals(0L, sample.memory().stats().get("workingset_refault"));
    assertEquals(new CgroupSample.Pids(3, 0), sample.pids());
    assertEquals(List.of(new CgroupSample.Entry(8, 0, "read", 4096), new CgroupSample.Entry(8, 0, "write", 8192)),
        sample.blkio().recursive().get("io_service_bytes_recursive"));
    assertNull(sample.blkio().recursive().get("io_serviced_recursive"));

    Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    assertThrows(NoSuchFileException.class, cgroup::sample);
  }

  @Test
  void readsAV1CgroupFromEachControllersHierarchy() throws IOException {
    write("cpuacct/berth/abc/cpuacct.usage", "3000000000");
    write("cpuacct/berth/abc/cpuacct.usage_percpu", "1000000000 2000000000 ");
    write("cpuacct/berth/abc/cpuacct.stat", "user 250\nsystem 50\n");
    write("cpu/berth/abc/cpu.stat", "nr_periods 5\nnr_throttled 1\nthrottled_time 999\n");
    write("memory/berth/abc/memory.usage_in_bytes", "2097152");
    write("memory/berth/abc/memory.max_usage_in_bytes", "4194304");
    write("memory/berth/abc/memory.failcnt", "0");
    write("memory/berth/abc/memory.limit_in_bytes", "9223372036854771712");
    write("memory/berth/abc/memory.stat", "cache 0\nrss 61440\ntotal_inactive_file 4096\nswap 0\n");
    write("pids/berth/abc/pids.current", "2");
    write("pids/berth/abc/pids.max", "100");
    write("pids/berth/abc/cgroup.procs", "20\n21\n");
    write("blkio/berth/abc/blkio.throttle.io_service_bytes", "8:0 Read 512\n8:0 Write 1024\n8:0 Total 1536\nTotal 1536\n");
    write("blkio/berth/abc/blkio.throttle.io_serviced", "8:0 Read 1\n8:0 Write 2\nTotal 3\n");

    Cgroup cgroup = Cgroup.of(root, "/berth/abc");
    assertTrue(cgroup instanceof CgroupV1);
    assertEquals(List.of(20L, 21L), cgroup.processes());
    CgroupSample sample = cgroup.sample();
    assertEquals(new CgroupSample.Cpu(3_000_000_000L, List.of(1_000_000_000L, 2_000_000_000L), 500_000_000L,
        2_500_000_000L, 5, 1, 999), sample.cpu());
    assertEquals(9223372036854771712L, sample.memory().limit());
    assertEquals(4194304, sample.memory().maxUsage());
    assertEquals(32, sample.memory().stats().size());
    assertEquals(4096L, sample.memory().stats().get("total_inactive_file"));
    assertEquals(new CgroupSample.Pids(2, 100), sample.pids());
    assertEquals(8, sample.blkio().recursive().size(), "dockerd reports all eight v1 fields");
    assertEquals(List.of(new CgroupSample.Entry(8, 0, "Read", 512), new CgroupSample.Entry(8, 0, "Write", 1024),
        new CgroupSample.Entry(8, 0, "Total", 1536)), sample.blkio().recursive().get("io_service_bytes_recursive"));
    assertEquals(2, sample.blkio().recursive().get("io_serviced_recursive").size(), "the Total line is not a device");
    assertEquals(List.of(), sample.blkio().recursive().get("sectors_recursive"));
  }

  @Test
  void onlyAbsoluteCgroupfsPathsAreAccepted() {
    assertThrows(IllegalArgumentException.class, () -> Cgroup.of(root, "system.slice:berth:abc"));
    assertThrows(IllegalArgumentException.class, () -> Cgroup.of(root, "berth/abc"));
    assertThrows(IllegalArgumentException.class, () -> Cgroup.of(root, "/berth/../etc"));
  }

  private void write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
