package dev.berth.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostStatsSamplerTest {
  @TempDir Path dir;

  @Test
  void ratesArePerSecondBetweenSamplesOverPhysicalDevicesOnly() throws IOException {
    Files.createDirectories(dir.resolve("sys/devices/virtual/net/lo"));
    Files.createDirectories(dir.resolve("sys/devices/virtual/net/berth0"));
    Files.createDirectories(dir.resolve("sys/devices/pci0000:00/net/eth0"));
    Files.createDirectories(dir.resolve("sys/devices/virtual/block/loop0"));
    Files.createDirectories(dir.resolve("sys/devices/pci0000:00/block/vda"));
    link("sys/class/net/lo", "../../devices/virtual/net/lo");
    link("sys/class/net/berth0", "../../devices/virtual/net/berth0");
    link("sys/class/net/eth0", "../../devices/pci0000:00/net/eth0");
    link("sys/block/loop0", "../devices/virtual/block/loop0");
    link("sys/block/vda", "../devices/pci0000:00/block/vda");
    write(0);
    AtomicLong clock = new AtomicLong(1_000_000);
    HostStatsSampler sampler = new HostStatsSampler(dir, dir, clock::get);

    clock.addAndGet(10_000);
    write(1);
    JsonNode sample = sampler.sample();

    assertEquals(10_000, sample.path("intervalMillis").asLong());
    // 1000 ticks more, of which 250 idle and 50 iowait: 70 % busy
    assertEquals(70.0, sample.path("cpuPercent").asDouble());
    assertEquals(4096L * 1024, sample.path("memoryTotalBytes").asLong());
    assertEquals(3072L * 1024, sample.path("memoryUsedBytes").asLong());
    assertEquals(1000, sample.path("netReceivedPerSecond").asLong(), "eth0 only: 10,000 bytes in 10 s");
    assertEquals(500, sample.path("netSentPerSecond").asLong());
    assertEquals(2000 * 512 / 10, sample.path("blockReadPerSecond").asLong(), "vda only, in 512-byte sectors");
    assertEquals(4000 * 512 / 10, sample.path("blockWrittenPerSecond").asLong());
    assertTrue(sample.path("diskTotalBytes").asLong() > 0 && sample.path("diskUsedBytes").asLong() >= 0, sample.toString());
  }

  @Test
  void readsTheRealHost() {
    HostStatsSampler sampler = new HostStatsSampler(dir);
    JsonNode sample = sampler.sample();

    assertTrue(sample.path("memoryTotalBytes").asLong() > 64L * 1024 * 1024, sample.toString());
    assertTrue(sample.path("memoryUsedBytes").asLong() > 0, sample.toString());
    double cpu = sample.path("cpuPercent").asDouble(-1);
    assertTrue(cpu >= 0 && cpu <= 100, sample.toString());
    assertTrue(sample.path("diskTotalBytes").asLong() > 0, sample.toString());
  }

  // Counters after `step` intervals: every counter grows by a fixed amount per step.
  private void write(int step) throws IOException {
    long user = 1000 + 500L * step;
    long system = 500 + 200L * step;
    long idle = 10_000 + 250L * step;
    long iowait = 100 + 50L * step;
    writeFile("proc/stat", "cpu  %d 0 %d %d %d 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 0 0 0\nbtime 1700000000\n"
        .formatted(user, system, idle, iowait));
    writeFile("proc/meminfo", "MemTotal:        4096 kB\nMemFree:  512 kB\nMemAvailable:    1024 kB\n");
    writeFile("proc/net/dev", """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: %d 1 0 0 0 0 0 0 %d 1 0 0 0 0 0 0
          eth0: %d 1 0 0 0 0 0 0 %d 1 0 0 0 0 0 0
        berth0: %d 1 0 0 0 0 0 0 %d 1 0 0 0 0 0 0
        """.formatted(99_999L * step, 99_999L * step, 10_000L * step, 5_000L * step, 7_777L * step, 7_777L * step));
    writeFile("proc/diskstats", """
           7       0 loop0 1 0 %d 0 1 0 %d 0 0 0 0 0 0 0 0 0 0
         253       0 vda 1 0 %d 0 1 0 %d 0 0 0 0 0 0 0 0 0 0
         253       1 vda1 1 0 %d 0 1 0 %d 0 0 0 0 0 0 0 0 0 0
        """.formatted(9_999L * step, 9_999L * step, 2_000L * step, 4_000L * step, 1_999L * step, 3_999L * step));
  }

  private void writeFile(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private void link(String name, String target) throws IOException {
    Path link = dir.resolve(name);
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, Path.of(target));
  }
}
