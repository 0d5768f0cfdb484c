package dev.berth.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /proc/stat read as dockerd's stats collector reads it. */
class HostCpuTimeTest {
  @TempDir Path dir;

  @Test
  void sumsTheFirstSevenCpuFieldsInNanosecondsAndCountsTheCpus() throws Exception {
    Path stat = Files.writeString(dir.resolve("stat"), "cpu  100 1 50 800 10 2 3 7 0 0\n"
        + "cpu0 50 1 25 400 5 1 2 3 0 0\ncpu1 50 0 25 400 5 1 1 4 0 0\nintr 1 2 3\nctxt 42\nbtime 1700000000\n");
    assertEquals(new HostCpuTime(966 * 10_000_000L, 2), HostCpuTime.read(stat));
  }

  @Test
  void readsThisHost() throws Exception {
    HostCpuTime host = HostCpuTime.read();
    assertEquals(true, host.onlineCpus() > 0 && host.totalNanos() > 0, host.toString());
  }
}
