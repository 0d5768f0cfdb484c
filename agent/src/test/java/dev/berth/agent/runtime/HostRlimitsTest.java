package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostRlimitsTest {
  private static final String LIMITS = """
      Limit                     Soft Limit           Hard Limit           Units
      Max cpu time              unlimited            unlimited            seconds
      Max processes             63412                63412                processes
      Max open files            1024                 20000                files
      Max locked memory         8388608              8388608              bytes
      """;

  @Test
  void clampsToTheHardColumnAndLeavesUnlimitedOnesAlone() {
    HostRlimits host = HostRlimits.parse(LIMITS);
    assertEquals(20000, host.clamp("RLIMIT_NOFILE", HostRlimits.DOCKER_NOFILE));
    assertEquals(1000, host.clamp("RLIMIT_NOFILE", 1000));
    assertEquals(63412, host.clamp("RLIMIT_NPROC", 100_000));
    assertEquals(5, host.clamp("RLIMIT_CPU", 5));
    assertEquals(Long.MAX_VALUE, host.clamp("RLIMIT_CORE", Long.MAX_VALUE));
  }

  @Test
  void mapsDockersUlimitNames() {
    assertEquals("RLIMIT_NOFILE", HostRlimits.typeOf("nofile"));
    assertEquals("RLIMIT_MEMLOCK", HostRlimits.typeOf("memlock"));
    assertThrows(IllegalArgumentException.class, () -> HostRlimits.typeOf("bogus"));
  }
}
