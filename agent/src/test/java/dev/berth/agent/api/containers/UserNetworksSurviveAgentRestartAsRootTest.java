package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A user network outlives its agent: after the agent stops and its chains are flushed (as a
 * reboot or an iptables reload leaves them), a new agent over the same state has the network
 * listed with its running container, its bridge, its isolation and port rules back, and name
 * and alias resolution on it working for containers started afterwards.
 */
@Tag("root")
class UserNetworksSurviveAgentRestartAsRootTest extends CliOnAgentTest {
  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void bridgesRulesAndNameResolutionComeBackAfterARestart() throws Exception {
    String net = "nr" + UUID.randomUUID().toString().substring(0, 6);
    String subnet = "10.1" + ThreadLocalRandom.current().nextInt(50, 99) + "." + ThreadLocalRandom.current().nextInt(256)
        + ".0/24";
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    docker.run("network", "create", "--subnet", subnet, net);
    String bridgeName = "br-" + docker.run("network", "inspect", "--format", "{{.Id}}", net).strip().substring(0, 12);
    docker.run("run", "-d", "--name", "srv", "-h", "srv-host", "--network", net, "--network-alias", "web",
        "-p", port + ":80", "busybox", "sh", "-c", UserNetworksCliAsRootTest.SERVE);
    List<String> isolation = rules("-S", bridge().chainPrefix() + "-NFWD");
    assertFalse(isolation.isEmpty(), "the network has isolation rules");
    assertEquals("srv-host", fetch(net, "web"));

    restartAgent(() -> {
      host("iptables", "-F", bridge().chainPrefix() + "-NFWD");
      host("iptables", "-t", "nat", "-F", bridge().chainPrefix() + "-DNAT");
      assertEquals(List.of(), rules("-S", bridge().chainPrefix() + "-NFWD"));
    });
    assertTrue(docker.run("network", "ls", "--format", "{{.Name}}").lines().toList().contains(net));
    assertEquals("srv", docker.run("network", "inspect", "--format", "{{range .Containers}}{{.Name}}{{end}}", net).strip());
    assertTrue(Files.exists(Path.of("/sys/class/net", bridgeName)), bridgeName);
    assertEquals(isolation, rules("-S", bridge().chainPrefix() + "-NFWD"), "the isolation rules are back");
    String ip = docker.run("inspect", "--format", "{{.NetworkSettings.IPAddress}}", "srv").strip();
    assertTrue(rules("-t", "nat", "-S", bridge().chainPrefix() + "-DNAT").stream()
        .anyMatch(rule -> rule.contains("--dport " + port + " ") && rule.contains(ip + ":80")), "the port rule is back");
    assertEquals("srv-host", fetch(net, "srv"), "by name");
    assertEquals("srv-host", fetch(net, "web"), "by alias");

    docker.run("rm", "-f", "srv");
    docker.run("network", "rm", net);
    assertFalse(Files.exists(Path.of("/sys/class/net", bridgeName)), "the bridge is gone");
  }

  private String fetch(String network, String host) throws Exception {
    return UserNetworksCliAsRootTest.fetch(docker, network, host);
  }

  private static List<String> rules(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of("iptables"));
    argv.addAll(List.of(args));
    return host(argv.toArray(String[]::new)).lines().filter(line -> line.startsWith("-A")).toList();
  }

  private static String host(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor();
    return output;
  }
}
