package dev.berth.agent.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import dev.berth.agent.runtime.NetworkOptions;
import dev.berth.agent.runtime.NetworkOptions.PortBinding;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Which host addresses and ports a container's bindings get, on hosts with and without IPv6. */
class PortMapperTest {
  private static final PortMapper.PortHolders NOBODY = (protocol, hostIp, port) -> false;

  @Test
  void aBindingWithoutHostAddressIsPublishedOnBothFamiliesWithTheSamePort() throws Exception {
    assumeTrue(Ipv6PortProxies.hostHasIpv6(), "the host has no IPv6");
    int first = ThreadLocalRandom.current().nextInt(30000, 39000);
    PortMapper mapper = new PortMapper(first, first + 99, true);
    int fixed = first + 100;
    List<PublishedPort> ports = mapper.map(options(new PortBinding("80", "", Integer.toString(fixed)),
        new PortBinding("81/udp", "", ""), new PortBinding("82", "::1", "")), Set.of(), "10.0.0.2", NOBODY);
    assertEquals(List.of(new PublishedPort("tcp", 80, "0.0.0.0", fixed), new PublishedPort("tcp", 80, "::", fixed)),
        ports.subList(0, 2));
    assertEquals("0.0.0.0", ports.get(2).hostIp());
    assertEquals(new PublishedPort("udp", 81, "::", ports.get(2).hostPort()), ports.get(3), "the same random port");
    assertEquals("::1", ports.get(4).hostIp());
    assertEquals(5, ports.size());
  }

  @Test
  void aHostWithoutIpv6PublishesOnIpv4OnlyAndRefusesIpv6Addresses() throws Exception {
    int first = ThreadLocalRandom.current().nextInt(30000, 39000);
    PortMapper mapper = new PortMapper(first, first + 99, false);
    List<PublishedPort> ports = mapper.map(options(new PortBinding("80", "", "")), Set.of(), "10.0.0.2", NOBODY);
    assertEquals(1, ports.size());
    assertEquals("0.0.0.0", ports.get(0).hostIp());
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> mapper.check(options(new PortBinding("80", "::1", "8080"))));
    assertEquals("cannot publish port 80/tcp on ::1: this host has no IPv6", refused.getMessage());
  }

  @Test
  void hostAddressesMustBeIpAddresses() {
    PortMapper mapper = new PortMapper(40000, 40099, true);
    for (String bad : List.of("example.org", "1.2.3", "::g", "[::1]")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> mapper.check(options(new PortBinding("80", bad, "8080"))));
      assertEquals("invalid IP address: " + bad, refused.getMessage());
    }
    mapper.check(options(new PortBinding("80", "fd00::2", "8080"), new PortBinding("80", "127.0.0.1", "8080")));
  }

  @Test
  void portsOverlapOnTheSameAddressOrAWildcardOfTheSameFamily() {
    assertTrue(PortMapper.overlap("0.0.0.0", "127.0.0.1"));
    assertTrue(PortMapper.overlap("::", "::1"));
    assertTrue(PortMapper.overlap("::1", "::1"));
    assertFalse(PortMapper.overlap("0.0.0.0", "::"));
    assertFalse(PortMapper.overlap("127.0.0.1", "::1"));
    assertFalse(PortMapper.overlap("127.0.0.1", "127.0.0.2"));
  }

  private static NetworkOptions options(PortBinding... bindings) {
    return new NetworkOptions(List.of(bindings), false, null, null, null, null, null, null, null);
  }
}
