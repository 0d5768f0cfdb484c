package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stock docker CLI on a bridge network of the test's own: real veth pairs, real iptables
 * DNAT, real HTTP (busybox httpd) through every {@code -p} form, from 127.0.0.1, from the host's
 * own address and from another container.
 */
@Tag("root")
class BridgeNetworkCliAsRootTest extends CliOnAgentTest {
  // Serves "hello-<port>" on 80 and 81 (httpd daemonizes; sleep holds the container).
  private static final String SERVE = "for p in 80 81; do mkdir -p /www$p; echo hello-$p > /www$p/index.html;"
      + " httpd -p $p -h /www$p; done; exec sleep 300";

  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void everyPortFormAnswersFromLoopbackTheHostsAddressAndAnotherContainer() throws Exception {
    int base = ThreadLocalRandom.current().nextInt(40000, 48000);
    docker.run("run", "-d", "--name", "web", "-p", base + ":80", "-p", "127.0.0.1:" + (base + 1) + ":80",
        "-p", "127.0.0.1::81", "-p", "81", "-p", (base + 2) + "-" + (base + 3) + ":80-81", "-p", (base + 4) + ":53/udp",
        "busybox", "sh", "-c", SERVE);
    String host = hostAddress();
    awaitHttp("http://127.0.0.1:" + base + "/", "hello-80");

    List<String> mappings = docker.run("port", "web").lines().sorted().toList();
    assertTrue(mappings.contains("53/udp -> 0.0.0.0:" + (base + 4)), mappings.toString());
    assertTrue(mappings.contains("80/tcp -> 0.0.0.0:" + base), mappings.toString());
    assertTrue(mappings.contains("80/tcp -> 127.0.0.1:" + (base + 1)), mappings.toString());
    assertTrue(mappings.contains("80/tcp -> 0.0.0.0:" + (base + 2)), mappings.toString());
    assertTrue(mappings.contains("81/tcp -> 0.0.0.0:" + (base + 3)), mappings.toString());
    int loopbackRandom = port(mappings, "81/tcp -> 127.0.0.1:");
    int anyRandom = port(mappings, "81/tcp -> 0.0.0.0:", base + 3);
    for (int random : List.of(loopbackRandom, anyRandom)) {
      assertTrue(random >= bridge().firstRandomPort() && random <= bridge().lastRandomPort(), "in the range: " + random);
    }

    for (int port : List.of(base, base + 2)) {
      assertEquals("hello-80", get("http://127.0.0.1:" + port + "/"));
      assertEquals("hello-80", get("http://" + host + ":" + port + "/"));
      assertEquals("hello-80", fromContainer(host, port));
    }
    for (int port : List.of(base + 3, anyRandom)) {
      assertEquals("hello-81", get("http://127.0.0.1:" + port + "/"));
      assertEquals("hello-81", get("http://" + host + ":" + port + "/"));
      assertEquals("hello-81", fromContainer(host, port));
    }
    assertEquals("hello-80", get("http://127.0.0.1:" + (base + 1) + "/"));
    assertEquals("hello-81", get("http://127.0.0.1:" + loopbackRandom + "/"));

    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "web").strip();
    assertEquals(ip, docker.run("inspect", "--format", "{{.NetworkSettings.Networks.bridge.IPAddress}}", "web").strip());
    assertEquals("hello-80", get("http://" + ip + ":80/"), "the container's own address, from the host");
    assertEquals("hello-80", fromContainer(ip, 80), "and from another container");
    assertEquals(bridge().subnet().gateway(), docker.run("inspect", "--format", "{{.NetworkSettings.Gateway}}", "web").strip());
    String ps = docker.run("ps", "--format", "{{.Ports}}", "-f", "name=web");
    assertTrue(ps.contains("0.0.0.0:" + base + "->80/tcp") && ps.contains("127.0.0.1:" + (base + 1) + "->80/tcp")
        && ps.contains("0.0.0.0:" + (base + 4) + "->53/udp"), ps);

    docker.run("rm", "-f", "web");
    assertEquals("", iptables("-t", "nat", "-S", bridge().chainPrefix() + "-DNAT").replace("-N " + bridge().chainPrefix()
        + "-DNAT", "").strip(), "no DNAT rule is left");
    assertEquals("", bridgePorts(), "no veth is left");
  }

  @Test
  void publishAllTakesEveryExposedPortFromTheRangeAndContainersGetTheirEtcFiles() throws Exception {
    docker.run("run", "-d", "--name", "all", "--expose", "80", "--expose", "81", "-P", "-h", "box",
        "--add-host", "db.example:10.1.2.3", "--dns", "9.9.9.9", "--dns-search", "example.org", "busybox", "sh", "-c",
        SERVE);
    List<String> mappings = docker.run("port", "all").lines().sorted().toList();
    assertEquals(2, mappings.stream().filter(m -> m.contains("0.0.0.0:")).count(), mappings.toString());
    assertEquals(mappings.size() / 2, mappings.stream().filter(m -> m.contains("[::]:")).count(),
        "on IPv6 too when the host has it, with the same ports: " + mappings);
    int port80 = port(mappings, "80/tcp -> 0.0.0.0:");
    assertTrue(port80 >= bridge().firstRandomPort() && port80 <= bridge().lastRandomPort(), mappings.toString());
    awaitHttp("http://127.0.0.1:" + port80 + "/", "hello-80");

    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "all").strip();
    String hosts = docker.run("exec", "all", "cat", "/etc/hosts");
    assertTrue(hosts.startsWith("127.0.0.1\tlocalhost\n"), hosts);
    assertTrue(hosts.contains("10.1.2.3\tdb.example\n") && hosts.endsWith(ip + "\tbox\n"), hosts);
    assertEquals("box", docker.run("exec", "all", "cat", "/etc/hostname").strip());
    String resolv = docker.run("exec", "all", "cat", "/etc/resolv.conf");
    assertTrue(resolv.contains("nameserver 9.9.9.9\n") && resolv.contains("search example.org\n")
        && !resolv.contains("127.0.0."), resolv);
    String route = docker.run("exec", "all", "ip", "route");
    assertTrue(route.contains("default via " + bridge().subnet().gateway()), route);
    assertEquals("none", docker.run("run", "--rm", "--network", "none", "busybox", "sh", "-c",
        "ls /sys/class/net | grep -v lo || echo none").strip());
    assertTrue(docker.run("run", "--rm", "--network", "host", "busybox", "ls", "/sys/class/net").contains(bridge().bridge()));
  }

  @Test
  void aTakenHostPortFailsTheStartNamingItAndLeavesNothingBehind() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    docker.run("run", "-d", "--name", "first", "-p", port + ":80", "busybox", "sleep", "300");
    String refused = docker.fails("run", "-d", "--name", "second", "-p", port + ":80", "busybox", "sleep", "300");
    assertTrue(refused.contains("Bind for 0.0.0.0:" + port + " failed: port is already allocated"), refused);
    assertEquals("created", docker.run("inspect", "--format", "{{.State.Status}}", "second").strip());
    docker.run("rm", "-f", "first", "second");

    try (ServerSocket held = new ServerSocket(0)) {
      String busy = docker.fails("run", "-d", "--name", "third", "-p", held.getLocalPort() + ":80", "busybox", "true");
      assertTrue(busy.contains("0.0.0.0:" + held.getLocalPort()) && busy.contains("address already in use"), busy);
    }
    docker.run("rm", "-f", "third");
    assertEquals("", iptables("-t", "nat", "-S", bridge().chainPrefix() + "-DNAT").replace("-N " + bridge().chainPrefix()
        + "-DNAT", "").strip());
    assertEquals("", bridgePorts());
    assertTrue(docker.fails("run", "--rm", "-p", "70000:80", "busybox", "true").contains("invalid"));
  }

  // busybox-static's wget crashes: a plain HTTP/1.0 request through nc, the body's last line
  private String fromContainer(String address, int port) throws Exception {
    return docker.run("run", "--rm", "busybox", "sh", "-c", "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + address
        + " " + port + " | tail -n 1").strip();
  }

  private String bridgePorts() throws Exception {
    return new String(new ProcessBuilder("ip", "-o", "link", "show", "master", bridge().bridge()).start()
        .getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }

  private static String iptables(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    return new String(new ProcessBuilder(argv).start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int port(List<String> mappings, String prefix, int... except) {
    return mappings.stream().filter(m -> m.startsWith(prefix)).map(m -> Integer.parseInt(m.substring(prefix.length())))
        .filter(p -> java.util.Arrays.stream(except).noneMatch(e -> e == p)).findFirst()
        .orElseThrow(() -> new AssertionError(prefix + " in " + mappings));
  }

  private static void awaitHttp(String url, String expected) throws Exception {
    for (int i = 0; i < 100; i++) {
      try {
        if (get(url).equals(expected)) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // the server is starting
      }
      Thread.sleep(50);
    }
    assertEquals(expected, get(url));
  }

  private static String get(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(3000);
    connection.setReadTimeout(3000);
    try {
      return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } finally {
      connection.disconnect();
    }
  }

  // The host's first global IPv4 address (not loopback, not a test bridge).
  private static String hostAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback() && !nic.getName().startsWith("bt") && !nic.getName().startsWith("berth")) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
    }
    throw new AssertionError("no IPv4 address on this host");
  }
}
