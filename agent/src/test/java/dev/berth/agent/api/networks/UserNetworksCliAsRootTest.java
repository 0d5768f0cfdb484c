package dev.berth.agent.api.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.agent.AgentComponents;
import dev.berth.agent.AgentConfig;
import dev.berth.agent.api.images.DockerCli;
import dev.berth.agent.network.BridgeConfig;
import dev.berth.agent.network.TestBridges;
import dev.berth.agent.runtime.RuntimeFixture;
import dev.berth.agent.runtime.RuntimeSettings;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker network ...} with the stock CLI on networks of the test's own (bridge, subnet and
 * chain prefix from {@link TestBridges}): predefined networks in ls/inspect, user networks with
 * name and alias resolution, connect/disconnect, isolation between networks, rm refused while in
 * use, prune, and nothing left behind.
 */
@Tag("root")
class UserNetworksCliAsRootTest {
  private static final String SERVE = "mkdir /www; hostname > /www/index.html; httpd -p 80 -h /www; exec sleep 300";

  @TempDir Path dir;
  private AgentComponents agent;
  private RuntimeSettings settings;
  private BridgeConfig bridge;
  private DockerCli docker;

  @BeforeEach
  void start() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(DockerCli.installed(), "docker CLI not installed");
    String cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    bridge = TestBridges.unique(dir.resolve("network-state"));
    agent = AgentComponents.create(new AgentConfig(URI.create("http://127.0.0.1:1"), "local", dir.resolve("data"),
        Optional.empty()), cgroupParent, Optional.of(bridge));
    settings = RuntimeSettings.of(agent.layout()).withCgroupParent(cgroupParent);
    Path tar = dev.berth.agent.image.TestImages.busyboxRootfsTar(dir, "busybox",
        dev.berth.agent.image.TestImages.APPLETS_AND_USERS);
    try (InputStream in = Files.newInputStream(tar)) {
      agent.images().importTar(in, List.of("CMD [\"sh\"]"), "", Optional.of(dev.berth.agent.image.Reference.parse("busybox")));
    }
    docker = new DockerCli(dir, agent.dockerApi());
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (docker != null) {
        docker.close();
      }
      if (agent != null) {
        agent.close();
      }
    } finally {
      try {
        if (settings != null) {
          RuntimeFixture.removeTraces(dir, settings);
        }
      } finally {
        if (bridge != null) {
          TestBridges.remove(bridge);
        }
      }
    }
  }

  @Test
  void predefinedNetworksAreListedAndInspectedAsDockerdShowsThem() throws Exception {
    String ls = docker.run("network", "ls", "--format", "{{.Name}} {{.Driver}} {{.Scope}}");
    assertEquals(List.of("bridge bridge local", "host host local", "none null local"), ls.lines().sorted().toList());
    docker.run("run", "-d", "--name", "on-bridge", "busybox", "sleep", "300");
    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "on-bridge").strip();
    String inspect = docker.run("network", "inspect", "--format",
        "{{.Id}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}"
            + " {{.EnableIPv6}} {{.Internal}}", "bridge").strip();
    String[] words = inspect.split(" ");
    assertTrue(words[0].matches("[0-9a-f]{64}"), inspect);
    assertEquals(List.of(bridge.subnet().toString(), bridge.subnet().gateway(), "on-bridge",
        ip + "/" + bridge.subnet().prefixLength(), "false", "false"), List.of(words).subList(1, 7));
    assertEquals(words[0], docker.run("network", "inspect", "--format", "{{.Id}}", "bridge").strip(), "stable");
    assertTrue(docker.fails("network", "rm", "bridge").contains("bridge is a pre-defined network and cannot be removed"));
    assertTrue(docker.fails("network", "inspect", "nothere").contains("network nothere not found"));
  }

  @Test
  void containersOnAUserNetworkFindEachOtherByNameAndAliasAndOthersCannotReachThem() throws Exception {
    String subnet = "10.2" + ThreadLocalRandom.current().nextInt(10, 50) + "." + ThreadLocalRandom.current().nextInt(256)
        + ".0/24";
    String netA = "na" + UUID.randomUUID().toString().substring(0, 6);
    String netB = "nb" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", "--subnet", subnet, "--label", "team=a", netA);
    docker.run("network", "create", netB);
    assertEquals(List.of(netA), docker.run("network", "ls", "-f", "label=team=a", "--format", "{{.Name}}").lines().toList());
    assertEquals(List.of(netA, netB).stream().sorted().toList(),
        docker.run("network", "ls", "-f", "type=custom", "--format", "{{.Name}}").lines().sorted().toList());
    String bridgeA = "br-" + docker.run("network", "inspect", "--format", "{{.Id}}", netA).strip().substring(0, 12);
    assertTrue(Files.exists(Path.of("/sys/class/net", bridgeA)), bridgeA);

    docker.run("run", "-d", "--name", "srv", "-h", "srv-host", "--network", netA, "--network-alias", "web", "busybox",
        "sh", "-c", SERVE);
    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "srv").strip();
    assertTrue(ip.startsWith(subnet.substring(0, subnet.lastIndexOf('.'))), ip);
    assertEquals("srv-host", fetch(netA, "srv"));
    assertEquals("srv-host", fetch(netA, "web"));
    assertTrue(docker.run("network", "inspect", "--format", "{{range .Containers}}{{.Name}}{{end}}", netA).contains("srv"));

    DockerCli.Result isolated = docker.result("run", "--rm", "--network", netB, "busybox", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " 80");
    assertFalse(isolated.output().contains("srv-host"), "another network cannot reach it: " + isolated.output());
    DockerCli.Result fromBridge = docker.result("run", "--rm", "busybox", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 " + ip + " 80");
    assertFalse(fromBridge.output().contains("srv-host"), "nor the default bridge: " + fromBridge.output());

    docker.run("run", "-d", "--name", "client", "--network", netB, "busybox", "sleep", "300");
    docker.run("network", "connect", "--alias", "extra", netB, "srv");
    assertTrue(docker.run("exec", "srv", "ip", "-o", "addr").contains("eth1"), "a second interface");
    assertEquals("srv-host", docker.run("exec", "client", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 extra 80 | tail -n 1").strip(), "the peer's hosts were updated");
    assertTrue(docker.run("exec", "client", "cat", "/etc/hosts").contains("srv extra"));
    docker.run("network", "disconnect", netB, "srv");
    assertFalse(docker.run("exec", "client", "cat", "/etc/hosts").contains("srv"), "and updated again");
    assertFalse(docker.run("exec", "srv", "ip", "-o", "addr").contains("eth1"));

    String refused = docker.fails("network", "rm", netA);
    assertTrue(refused.contains("has active endpoints"), refused);
    docker.run("rm", "-f", "srv", "client");
    docker.run("network", "rm", netA);
    assertTrue(docker.run("network", "prune", "-f").contains(netB));
    assertEquals("", docker.run("network", "ls", "-f", "type=custom", "-q").strip());
    assertFalse(Files.exists(Path.of("/sys/class/net", bridgeA)), "the bridge is gone");
    String forward = iptables("-S", bridge.chainPrefix() + "-NFWD");
    assertEquals("-N " + bridge.chainPrefix() + "-NFWD", forward.strip(), "no rule is left");
  }

  @Test
  void internalNetworksHaveNoWayOut() throws Exception {
    String net = "ni" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", "--internal", net);
    assertEquals("true", docker.run("network", "inspect", "--format", "{{.Internal}}", net).strip());
    String gateway = docker.run("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", net).strip();
    assertNotEquals("", gateway);
    DockerCli.Result out = docker.result("run", "--rm", "--network", net, "busybox", "sh", "-c",
        "nc -w 2 " + bridge.subnet().gateway() + " 1 </dev/null; echo done");
    assertTrue(out.output().contains("done"), out.output());
    assertTrue(docker.fails("network", "create", "-d", "overlay", "x" + net).contains("plugin \"overlay\" not found"));
    docker.run("network", "rm", net);
  }

  private String fetch(String network, String host) throws Exception {
    return docker.run("run", "--rm", "--network", network, "busybox", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + host + " 80 | tail -n 1").strip();
  }

  private static String iptables(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    return new String(new ProcessBuilder(argv).start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
