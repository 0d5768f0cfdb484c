package dev.berth.agent.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** dockerd's {@code --insecure-registry} values: what is accepted, how it is reported and matched. */
class InsecureRegistriesTest {

  @Test
  void acceptsNamesAndCidrsAsDockerdReportsThem() {
    InsecureRegistries insecure = InsecureRegistries.parse(List.of("http://reg.lan:5000", "10.1.2.3/8",
        "[fd00::1]:5000", "127.0.0.0/8", "10.0.0.0/8", "fd00:0:0:0:0:0:0:0/8", "b.lan"));

    assertEquals(List.of("[fd00::1]:5000", "b.lan", "reg.lan:5000"), insecure.names());
    assertEquals(List.of("10.0.0.0/8", "fd00::/8", "::1/128", "127.0.0.0/8"), insecure.cidrs());
  }

  @Test
  void matchesNamesExactlyAndAddressesByCidr() { // IP literals only: a name is resolved only against CIDRs
    InsecureRegistries insecure = InsecureRegistries.parse(List.of("reg.lan:5000", "192.168.7.0/24"));

    assertTrue(insecure.isInsecure("reg.lan:5000"));
    assertFalse(InsecureRegistries.parse(List.of("reg.lan:5000")).isInsecure("reg.lan"), "a name is matched with its port");
    assertTrue(insecure.isInsecure("192.168.7.200:5000"));
    assertFalse(insecure.isInsecure("192.168.8.1:5000"));
    assertTrue(insecure.isInsecure("127.0.0.2:5000"));
    assertTrue(insecure.isInsecure("[::1]:5000"));
    assertFalse(InsecureRegistries.parse(List.of("docker.io")).isInsecure("docker.io"));
  }

  @Test
  void refusesWhatIsNeitherAHostNorACidr() {
    for (String bad : List.of("bad_host!", "reg.lan:70000", "-reg.lan", "10.0.0.0/33", "10.0.0/8", "ftp://reg.lan",
        "reg.lan/path", "reg.lan:")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> InsecureRegistries.parse(List.of(bad)), bad);
      assertTrue(e.getMessage().startsWith("insecure registry " + bad), e.getMessage());
    }
  }
}
