package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Ports published on the host's IPv6 addresses through the stock docker CLI, as dockerd shows and
 * serves them: {@code -p 8080:80} on {@code 0.0.0.0} and {@code ::}, {@code -p [::1]:8080:80} on
 * {@code ::1} only; {@code curl -6} at {@code ::1} and at the host's own IPv6 address reaches the
 * server listening on the container's IPv4 address; nothing is left listening after {@code rm}.
 * Skipped on hosts without IPv6.
 */
@Tag("root")
class PublishedPortsIpv6CliAsRootTest extends CliOnAgentTest {
  // busybox httpd on 80 (daemonized; sleep holds the container). UDP through the proxy: Ipv6PortProxiesTest.
  private static final String SERVE = "mkdir /www; echo hello > /www/index.html; httpd -p 80 -h /www; exec sleep 300";

  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    assumeTrue(Files.readString(Path.of("/proc/net/if_inet6")).contains("00000000000000000000000000000001"),
        "the host has no IPv6");
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void portsAnswerOnTheHostsIpv6AddressesAndGoWithTheContainer() throws Exception {
    int base = ThreadLocalRandom.current().nextInt(40000, 48000);
    docker.run("run", "-d", "--name", "web6", "-p", base + ":80", "-p", "[::1]:" + (base + 1) + ":80",
        "-p", (base + 2) + ":53/udp", "busybox", "sh", "-c", SERVE);

    List<String> mappings = docker.run("port", "web6").lines().sorted().toList();
    assertEquals(List.of("53/udp -> 0.0.0.0:" + (base + 2), "53/udp -> [::]:" + (base + 2),
        "80/tcp -> 0.0.0.0:" + base, "80/tcp -> [::1]:" + (base + 1), "80/tcp -> [::]:" + base), mappings);
    String ports = docker.run("inspect", "--format", "{{json .NetworkSettings.Ports}}", "web6");
    assertTrue(ports.contains("{\"HostIp\":\"::\",\"HostPort\":\"" + base + "\"}")
        && ports.contains("{\"HostIp\":\"::1\",\"HostPort\":\"" + (base + 1) + "\"}"), ports);
    String bindings = docker.run("inspect", "--format", "{{json .HostConfig.PortBindings}}", "web6");
    assertTrue(bindings.contains("{\"HostIp\":\"::1\",\"HostPort\":\"" + (base + 1) + "\"}"), bindings);
    String ps = docker.run("ps", "--format", "{{.Ports}}", "-f", "name=web6");
    assertTrue(ps.contains("0.0.0.0:" + base + "->80/tcp") && ps.contains("[::]:" + base + "->80/tcp")
        && ps.contains("[::1]:" + (base + 1) + "->80/tcp"), ps);

    awaitCurl("-4", "http://127.0.0.1:" + base + "/");
    assertEquals("hello", curl("-6", "http://[::1]:" + base + "/"));
    assertEquals("hello", curl("-6", "http://[" + hostIpv6() + "]:" + base + "/"), "the host's own IPv6 address");
    assertEquals("hello", curl("-6", "http://[::1]:" + (base + 1) + "/"));
    assertTrue(curl("-4", "http://127.0.0.1:" + (base + 1) + "/").isEmpty(), "[::1] is not 127.0.0.1");

    docker.run("rm", "-f", "web6");
    assertEquals("", listening(base, base + 1, base + 2), "nothing is left listening");
    assertEquals("", ip6tablesRules(), "no ip6tables rule of Berth's prefix");
  }

  @Test
  void ipv6PortsConflictWithinTheirFamilyOnlyAndATakenOneFailsTheStart() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    docker.run("run", "-d", "--name", "v6only", "-p", "[::1]:" + port + ":80", "busybox", "sleep", "300");
    docker.run("run", "-d", "--name", "v4only", "-p", "127.0.0.1:" + port + ":80", "busybox", "sleep", "300");
    String refused = docker.fails("run", "-d", "--name", "both", "-p", port + ":80", "busybox", "sleep", "300");
    assertTrue(refused.contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated"), refused);
    docker.run("rm", "-f", "v6only", "v4only", "both");

    try (ServerSocket held = new ServerSocket()) {
      held.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      int taken = held.getLocalPort();
      String busy = docker.fails("run", "-d", "--name", "busy", "-p", "[::1]:" + taken + ":80", "busybox", "true");
      assertTrue(busy.contains("[::1]:" + taken) && busy.contains("address already in use"), busy);
    }
    docker.run("rm", "-f", "busy");
    assertEquals("", listening(port), "nothing is left listening");
    assertEquals("", host("ip", "-o", "link", "show", "master", bridge().bridge()), "no veth");
  }

  private static String hostIpv6() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet6Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          return address.getHostAddress().replaceAll("%.*", "");
        }
      }
    }
    assumeTrue(false, "the host has no IPv6 address but ::1");
    return "";
  }

  // The listening sockets on these ports, as ss shows them
  static String listening(int... ports) throws Exception {
    StringBuilder filter = new StringBuilder();
    for (int port : ports) {
      filter.append(filter.isEmpty() ? "" : " or ").append("sport = :").append(port);
    }
    return host("ss", "-H", "-l", "-n", "-t", "-u", filter.toString());
  }

  // Rules of any ip6tables table naming the test's chain prefix
  private String ip6tablesRules() throws Exception {
    return host("ip6tables-save").lines().filter(line -> line.contains(bridge().chainPrefix()))
        .reduce("", (a, b) -> a + b + "\n").strip();
  }

  private static void awaitCurl(String family, String url) throws Exception {
    for (int i = 0; i < 100 && !curl(family, url).equals("hello"); i++) {
      Thread.sleep(50);
    }
    assertEquals("hello", curl(family, url));
  }

  private static String curl(String family, String url) throws Exception {
    return host("curl", "-s", "--max-time", "3", family, url);
  }

  private static String host(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor();
    return output;
  }
}
