package dev.berth.agent.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {
  @Test
  void dockersDefaultSetIsTheFourteenCapabilitiesOfCapBndA80425fb() {
    List<String> caps = Capabilities.of(List.of(), List.of(), false);
    assertEquals(14, caps.size());
    assertEquals(0xa80425fbL, Capabilities.mask(caps));
  }

  @Test
  void addAndDropTakeAnyCaseWithOrWithoutThePrefix() {
    List<String> caps = Capabilities.of(List.of("net_admin", "CAP_SYS_PTRACE"), List.of("chown", "Cap_Kill"), false);
    assertTrue(caps.containsAll(List.of("CAP_NET_ADMIN", "CAP_SYS_PTRACE")));
    assertFalse(caps.contains("CAP_CHOWN"));
    assertFalse(caps.contains("CAP_KILL"));
    assertEquals(14, caps.size());
  }

  @Test
  void dropAllKeepsOnlyTheAddsAndAddAllKeepsAllButTheDrops() {
    assertEquals(List.of("CAP_NET_BIND_SERVICE"), Capabilities.of(List.of("NET_BIND_SERVICE"), List.of("ALL"), false));
    List<String> all = Capabilities.of(List.of("all"), List.of("SYS_ADMIN"), false);
    assertEquals(Capabilities.ALL.size() - 1, all.size());
    assertFalse(all.contains("CAP_SYS_ADMIN"));
  }

  @Test
  void privilegedGetsEveryCapabilityAndUnknownNamesAreRefused() {
    assertEquals(Capabilities.ALL, Capabilities.of(List.of(), List.of("ALL"), true));
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Capabilities.of(List.of("FLY"), List.of(), false));
    assertTrue(error.getMessage().contains("FLY"), error.getMessage());
  }
}
