package dev.berth.agent.api.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.agent.api.CapturedResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a container leaves on the host's network when it goes: nothing — no DNAT rule, veth,
 * allocation or IPv6 port listener (no ip6tables rule either), after many run/remove cycles; and
 * after an agent restart the rules and IPv6 listeners are set again
 * from the saved state for the containers still running, while those of containers that ended
 * meanwhile are freed.
 */
@Tag("root")
class BridgeNetworkCleanupAsRootTest extends EndpointsOnAgentTest {
  /** Run/remove cycles of the cleanup test (bench/network.sh runs 1,000). */
  static final int CYCLES = 200;

  @Override
  ContainerApi agentIn(Path dir) throws Exception {
    return ContainerApi.withBridgeOnThisHost(dir);
  }

  @Test
  void runAndRemoveCyclesLeaveNoRuleVethOrAddressBehind() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    for (int i = 0; i < CYCLES; i++) {
      String id = api.create("cycle", "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"60\"],\"ExposedPorts\":{\"80/tcp\":{},"
          + "\"81/udp\":{}},\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"" + port + "\"}]},"
          + "\"PublishAllPorts\":true}}");
      CapturedResponse started = api.call("POST", "/v1.47/containers/" + id + "/start");
      assertEquals(204, started.status, started.text());
      if (i % 2 == 0) {
        assertEquals(204, api.call("POST", "/v1.47/containers/" + id + "/stop?t=0").status);
      }
      assertEquals(204, api.call("DELETE", "/v1.47/containers/" + id + "?force=true").status);
    }
    assertNothingLeft();
    assertEquals("", PublishedPortsIpv6CliAsRootTest.listening(port), "nothing listening on the fixed port");
  }

  @Test
  void anAgentRestartSetsTheRulesAgainFromStateAndFreesThoseOfEndedContainers() throws Exception {
    int port = ThreadLocalRandom.current().nextInt(40000, 48000);
    String kept = run("kept", port);
    String ended = run("ended", port + 1);
    assertEquals(2, dnatRules().size(), dnatRules().toString());
    api.restartAgent(() -> {
      host("iptables", "-t", "nat", "-F", bridge().chainPrefix() + "-DNAT"); // as a reboot or a flush would leave them
      String endedPid = api.settings.containersDir().resolve(ended).resolve("init.pid").toString();
      host("kill", "-9", Files.readString(Path.of(endedPid)).trim());
      Thread.sleep(300);
    });

    List<String> rules = dnatRules();
    assertEquals(1, rules.size(), rules.toString());
    String ip = api.agent.containers().endpoint(kept).orElseThrow().ip();
    assertTrue(rules.get(0).contains("--dport " + port + " ") && rules.get(0).contains(ip + ":80"), rules.toString());
    assertTrue(api.agent.containers().endpoint(ended).isEmpty());
    if (hostHasIpv6()) {
      assertTrue(!PublishedPortsIpv6CliAsRootTest.listening(port).isEmpty(), "IPv6 listens again (only it listens)");
      assertEquals("", PublishedPortsIpv6CliAsRootTest.listening(port + 1), "not for the ended container");
    }
    api.agent.containers().delete(kept, true);
    api.agent.containers().delete(ended, true);
    assertNothingLeft();
  }

  private String run(String name, int port) throws Exception {
    String id = api.create(name, "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"60\"],"
        + "\"HostConfig\":{\"PortBindings\":{\"80/tcp\":[{\"HostPort\":\"" + port + "\"}]}}}");
    assertEquals(204, api.call("POST", "/v1.47/containers/" + id + "/start").status);
    return id;
  }

  private void assertNothingLeft() throws Exception {
    assertEquals(List.of(), dnatRules(), "no DNAT rule");
    assertEquals("", host("ip", "-o", "link", "show", "master", bridge().bridge()), "no veth");
    String state = Files.readString(bridge().stateDir().resolve("network").resolve(bridge().bridge() + ".json"));
    assertEquals("{}", state.strip(), "no address or port allocated");
    // Only this JVM's listeners (the agent's port proxies): the range lies among the ephemeral ports of other processes.
    assertEquals(List.of(), host("ss", "-H", "-l", "-n", "-p", "-t", "-u", "sport >= :" + bridge().firstRandomPort()
        + " and sport <= :" + bridge().lastRandomPort()).lines()
        .filter(line -> line.contains("pid=" + ProcessHandle.current().pid() + ",")).toList(),
        "nothing listening on the random ports");
    assertEquals(List.of(), host("ip6tables-save").lines().filter(line -> line.contains(bridge().chainPrefix())).toList(),
        "no ip6tables rule");
  }

  private static boolean hostHasIpv6() throws Exception {
    return Files.readString(Path.of("/proc/net/if_inet6")).contains("00000000000000000000000000000001");
  }

  private List<String> dnatRules() throws Exception {
    return host("iptables", "-t", "nat", "-S", bridge().chainPrefix() + "-DNAT").lines()
        .filter(line -> line.startsWith("-A")).toList();
  }

  private static String host(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    process.waitFor();
    return output;
  }
}
