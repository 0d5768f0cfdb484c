package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.api.images.DockerCli;
import dev.berth.agent.network.TestBridges;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker network ...} with the stock CLI on networks of the test's own (bridge, subnet and
 * chain prefix from {@link TestBridges}): predefined networks in ls/inspect, user networks with
 * name and alias resolution, connect/disconnect, isolation between networks, rm refused while in
 * use, prune, and nothing left behind.
 */
@Tag("root")
class UserNetworksCliAsRootTest extends CliOnAgentTest {
  /** A busybox shell that serves its hostname over HTTP on port 80 ({@link #fetch} reads it). */
  static final String SERVE = "mkdir /www; hostname > /www/index.html; httpd -p 80 -h /www; exec sleep 300";

  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
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
    assertEquals(List.of(bridge().subnet().toString(), bridge().subnet().gateway(), "on-bridge",
        ip + "/" + bridge().subnet().prefixLength(), "false", "false"), List.of(words).subList(1, 7));
    assertEquals(words[0], docker.run("network", "inspect", "--format", "{{.Id}}", "bridge").strip(), "stable");
    assertTrue(docker.fails("network", "rm", "bridge").contains("bridge is a pre-defined network and cannot be removed"));
    assertTrue(docker.fails("network", "inspect", "nothere").contains("network nothere not found"));
  }

  @Test
  void containersOnAUserNetworkFindEachOtherByNameAndAliasAndOthersCannotReachThem() throws Exception {
    String subnet = randomSubnet(24);
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
    String forward = iptables("-S", bridge().chainPrefix() + "-NFWD");
    assertEquals("-N " + bridge().chainPrefix() + "-NFWD", forward.strip(), "no rule is left");
  }

  @Test
  void internalNetworksHaveNoWayOut() throws Exception {
    String net = "ni" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", "--internal", net);
    assertEquals("true", docker.run("network", "inspect", "--format", "{{.Internal}}", net).strip());
    String gateway = docker.run("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", net).strip();
    assertNotEquals("", gateway);
    DockerCli.Result out = docker.result("run", "--rm", "--network", net, "busybox", "sh", "-c",
        "nc -w 2 " + bridge().subnet().gateway() + " 1 </dev/null; echo done");
    assertTrue(out.output().contains("done"), out.output());
    assertTrue(docker.fails("network", "create", "-d", "overlay", "x" + net).contains("plugin \"overlay\" not found"));
    docker.run("network", "rm", net);
  }

  @Test
  void inspectListsEveryNetworkOfTheContainerAsDockerdDoes() throws Exception {
    String subnet = randomSubnet(24);
    String net = "ne" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", "--subnet", subnet, net);
    String netId = docker.run("network", "inspect", "--format", "{{.Id}}", net).strip();
    String id = docker.run("run", "-d", "--name", "both", "busybox", "sleep", "300").strip();
    docker.run("network", "connect", "--alias", "b1", net, "both");

    JsonNode networks = networks("both");
    assertEquals(List.of("bridge", net), fieldNames(networks));
    JsonNode onNet = networks.get(net);
    assertEquals(netId, onNet.get("NetworkID").asText());
    assertTrue(onNet.get("EndpointID").asText().matches("[0-9a-f]{64}"), onNet.toString());
    assertNotEquals(networks.get("bridge").get("EndpointID").asText(), onNet.get("EndpointID").asText());
    assertEquals(subnet.replace("0/24", "1"), onNet.get("Gateway").asText());
    assertEquals(24, onNet.get("IPPrefixLen").asInt());
    String eth1 = docker.run("exec", "both", "ip", "-o", "addr", "show", "eth1");
    assertTrue(eth1.contains(" " + onNet.get("IPAddress").asText() + "/24 "), eth1 + " vs " + onNet);
    String link = docker.run("exec", "both", "ip", "-o", "link", "show", "eth1");
    assertTrue(link.contains(onNet.get("MacAddress").asText()), link + " vs " + onNet);
    assertEquals("[\"b1\"]", onNet.get("Aliases").toString());
    assertEquals("[\"both\",\"b1\",\"" + id.substring(0, 12) + "\"]", onNet.get("DNSNames").toString());
    assertTrue(onNet.get("IPAMConfig").isNull() && onNet.get("Links").isNull(), onNet.toString());
    JsonNode onBridge = networks.get("bridge");
    assertEquals(docker.run("network", "inspect", "--format", "{{.Id}}", "bridge").strip(),
        onBridge.get("NetworkID").asText());
    assertEquals(docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "both").strip(),
        onBridge.get("IPAddress").asText());
    assertTrue(onBridge.get("DNSNames").isNull() && onBridge.get("Aliases").isNull(), onBridge.toString());
    assertEquals("bridge", docker.run("inspect", "--format", "{{.HostConfig.NetworkMode}}", "both").strip());
    assertEquals(List.of("bridge", net), docker.run("ps", "--filter", "name=both", "--format", "{{.Networks}}")
        .strip().lines().flatMap(l -> List.of(l.split(",")).stream()).sorted().toList());

    docker.run("network", "disconnect", net, "both");
    assertEquals(List.of("bridge"), fieldNames(networks("both")));

    docker.run("run", "-d", "--name", "only", "--network", net, "busybox", "sleep", "300");
    assertEquals(net, docker.run("inspect", "--format", "{{.HostConfig.NetworkMode}}", "only").strip());
    docker.run("stop", "-t", "0", "only");
    JsonNode stopped = networks("only");
    assertEquals(List.of(net), fieldNames(stopped));
    assertEquals(netId, stopped.get(net).get("NetworkID").asText(), "kept while it is stopped");
    assertEquals("", stopped.get(net).get("IPAddress").asText() + stopped.get(net).get("EndpointID").asText());
    docker.run("rm", "-f", "both", "only");
    docker.run("network", "rm", net);
  }

  @Test
  void aFixedAddressIsReservedAndRefusedWhereDockerdRefusesIt() throws Exception {
    String subnet = randomSubnet(29); // .2 to .6 for containers
    String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
    int base = Integer.parseInt(subnet.substring(subnet.lastIndexOf('.') + 1, subnet.indexOf('/')));
    String fixed = prefix + (base + 2);
    String net = "nf" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", "--subnet", subnet, net);

    docker.run("run", "-d", "--name", "fixed", "--network", net, "--ip", fixed, "busybox", "sleep", "300");
    assertEquals(fixed, docker.run("inspect", "--format", "{{.NetworkSettings.Networks." + net + ".IPAddress}}",
        "fixed").strip());
    assertEquals(fixed, docker.run("inspect", "--format",
        "{{.NetworkSettings.Networks." + net + ".IPAMConfig.IPv4Address}}", "fixed").strip());
    assertTrue(docker.run("exec", "fixed", "ip", "-o", "addr", "show", "eth0").contains(" " + fixed + "/29 "));

    String taken = docker.fails("run", "-d", "--name", "twin", "--network", net, "--ip", fixed, "busybox", "sleep", "300");
    assertTrue(taken.contains("Address already in use"), taken);
    String outside = docker.fails("run", "--rm", "--network", net, "--ip", "10.255.255.9", "busybox", "true");
    assertTrue(outside.contains("no configured subnet or ip-range contain the IP address 10.255.255.9"), outside);
    String onBridge = docker.fails("run", "--rm", "--ip", bridge().subnet().address(9), "busybox", "true");
    assertTrue(onBridge.contains("user specified IP address is supported on user defined networks only"), onBridge);
    String auto = net + "-auto";
    docker.run("network", "create", auto);
    String chosen = docker.run("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", auto).strip();
    String noSubnet = docker.fails("run", "--rm", "--network", auto, "--ip", chosen.substring(0, chosen.lastIndexOf('.'))
        + ".9", "busybox", "true");
    assertTrue(noSubnet.contains("user specified IP address is supported only when connecting to networks with user"
        + " configured subnets"), noSubnet);
    docker.run("network", "rm", auto);

    docker.run("stop", "-t", "0", "fixed");
    docker.run("run", "-d", "--name", "other", "--network", net, "busybox", "sleep", "300");
    assertEquals(prefix + (base + 3), docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "other").strip(),
        "the stopped container's address is kept for it");
    docker.run("start", "fixed");
    assertEquals(fixed, docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "fixed").strip());

    docker.run("run", "-d", "--name", "joiner", "busybox", "sleep", "300");
    String joined = docker.fails("network", "connect", "--ip", fixed, net, "joiner");
    assertTrue(joined.contains("Address already in use"), joined);
    assertFalse(docker.run("exec", "joiner", "ip", "-o", "addr").contains("eth1"), "nothing is left half-made");
    String wrong = docker.fails("network", "connect", "--ip", "10.255.255.9", net, "joiner");
    assertTrue(wrong.contains("no configured subnet or ip-range contain the IP address 10.255.255.9"), wrong);
    docker.run("network", "connect", "--ip", prefix + (base + 5), net, "joiner");
    assertTrue(docker.run("exec", "joiner", "ip", "-o", "addr", "show", "eth1").contains(" " + prefix + (base + 5) + "/29 "));
    docker.run("rm", "-f", "fixed", "twin", "other", "joiner");
    docker.run("network", "rm", net);
  }

  @Test
  void aRunningContainerResolvesPeersThatJoinLaterAndForgetsThemWhenTheyLeave() throws Exception {
    String net = "nr" + UUID.randomUUID().toString().substring(0, 6);
    docker.run("network", "create", net);
    docker.run("run", "-d", "--name", "early", "--network", net, "busybox", "sleep", "300");
    String hosts = docker.run("inspect", "--format", "{{.HostsPath}}", "early").strip();
    Object inode = Files.getAttribute(Path.of(hosts), "unix:ino");

    docker.run("run", "-d", "--name", "late", "--network", net, "--network-alias", "tardy", "busybox", "sleep", "300");
    String lateIp = docker.run("inspect", "--format", "{{.NetworkSettings.Networks." + net + ".IPAddress}}", "late").strip();
    assertEquals(lateIp, resolve("early", "late"));
    assertEquals(lateIp, resolve("early", "tardy"));
    assertEquals(inode, Files.getAttribute(Path.of(hosts), "unix:ino"), "the bind-mounted file is rewritten in place");

    docker.run("stop", "-t", "0", "late");
    assertEquals("", resolve("early", "late"), "a stopped peer is forgotten");
    docker.run("start", "late");
    assertEquals(lateIp, resolve("early", "tardy"));
    docker.run("rm", "-f", "late");
    assertEquals("", resolve("early", "tardy"), "a removed peer is forgotten");

    docker.run("run", "-d", "--name", "visitor", "busybox", "sleep", "300");
    docker.run("network", "connect", "--alias", "guest", net, "visitor");
    String visitorIp = docker.run("inspect", "--format", "{{.NetworkSettings.Networks." + net + ".IPAddress}}",
        "visitor").strip();
    assertEquals(visitorIp, resolve("early", "guest"));
    assertEquals(docker.run("inspect", "--format", "{{.NetworkSettings.Networks." + net + ".IPAddress}}", "early").strip(),
        resolve("visitor", "early"), "and the newcomer resolves those already there");
    docker.run("network", "disconnect", net, "visitor");
    assertEquals("", resolve("early", "guest"));
    docker.run("rm", "-f", "early", "visitor");
    docker.run("network", "rm", net);
  }

  // The address name resolves to inside container from (its /etc/hosts, as the C library reads it), "" when none
  private String resolve(String from, String name) throws Exception {
    DockerCli.Result ping = docker.result("exec", from, "ping", "-c", "1", "-W", "1", name);
    java.util.regex.Matcher address = java.util.regex.Pattern.compile("PING \\S+ \\(([0-9.]+)\\)").matcher(ping.output());
    return address.find() ? address.group(1) : "";
  }

  private JsonNode networks(String container) throws Exception {
    return new ObjectMapper().readTree(docker.run("inspect", "--format", "{{json .NetworkSettings.Networks}}", container));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.stream().sorted().toList();
  }

  // A random 10.2x.y.z subnet of this prefix length
  private static String randomSubnet(int prefixLength) {
    int size = 1 << (32 - prefixLength);
    int last = prefixLength >= 24 ? ThreadLocalRandom.current().nextInt(256 / size) * size : 0;
    return "10.2" + ThreadLocalRandom.current().nextInt(10, 50) + "." + ThreadLocalRandom.current().nextInt(256) + "."
        + last + "/" + prefixLength;
  }

  private String fetch(String network, String host) throws Exception {
    return fetch(docker, network, host);
  }

  /** What {@code host} serves on port 80 ({@link #SERVE}), fetched from a container on {@code network}. */
  static String fetch(DockerCli docker, String network, String host) throws Exception {
    return docker.run("run", "--rm", "--network", network, "busybox", "sh", "-c",
        "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 5 " + host + " 80 | tail -n 1").strip();
  }

  private static String iptables(String... args) throws Exception {
    List<String> argv = new java.util.ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    return new String(new ProcessBuilder(argv).start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
