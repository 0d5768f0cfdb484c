package dev.berth.agent.network;

import dev.berth.util.Log;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.lang.System.Logger.Level;

/**
 * A bridge's rules, all in Berth's own chains, which the host's built-in chains jump to:
 *
 * <pre>
 * nat    PREROUTING, OUTPUT  -m addrtype --dst-type LOCAL -j &lt;P&gt;-DNAT
 *        &lt;P&gt;-DNAT            one DNAT per published port: [-d hostIp] -p tcp --dport 8080 → ip:80
 *        POSTROUTING         -j &lt;P&gt;-POSTROUTING
 *        &lt;P&gt;-POSTROUTING     masquerade out of the subnet (outbound NAT), of 127.0.0.0/8 onto the
 *                            bridge (published ports reached at 127.0.0.1, with route_localnet),
 *                            of the subnet to itself after DNAT (hairpin: a container through a
 *                            published port, also when the bridge does not pass through iptables)
 * filter FORWARD             -j &lt;P&gt;-FORWARD (first)
 *        &lt;P&gt;-FORWARD         accept from the bridge, replies to it, and DNAT'ed traffic to it
 * </pre>
 *
 * Other chains' rules are never touched: only the jumps are added there, and removed by
 * {@link #removeAll}. Ports published on an IPv6 host address are not rules but proxies
 * ({@link Ipv6PortProxies}, which says why), opened and closed here alongside.
 */
final class NatRules {
  private static final System.Logger LOG = Log.of(NatRules.class);
  private final BridgeConfig config;
  private final Iptables iptables;
  private final Ipv6PortProxies proxies = new Ipv6PortProxies();

  NatRules(BridgeConfig config, Iptables iptables) {
    this.config = config;
    this.iptables = iptables;
  }

  /** Empties Berth's chains (made when missing), fills them for the bridge and {@code endpoints}, and adds the jumps. */
  void reset(Collection<NetworkEndpoint> endpoints) throws IOException {
    String bridge = config.bridge();
    String subnet = config.subnet().toString();
    StringBuilder script = new StringBuilder("*nat\n")
        .append(':').append(config.dnatChain()).append(" - [0:0]\n")
        .append(':').append(config.postroutingChain()).append(" - [0:0]\n")
        .append(rule(config.postroutingChain(), "-s " + subnet + " ! -o " + bridge + " -j MASQUERADE"))
        .append(rule(config.postroutingChain(), "-s 127.0.0.0/8 -o " + bridge + " -j MASQUERADE"))
        .append(rule(config.postroutingChain(), "-s " + subnet + " -d " + subnet + " -o " + bridge
            + " -m conntrack --ctstate DNAT -j MASQUERADE"));
    endpoints.forEach(endpoint -> script.append(dnat("-A", endpoint)));
    script.append("COMMIT\n*filter\n")
        .append(':').append(config.forwardChain()).append(" - [0:0]\n")
        .append(rule(config.forwardChain(), "-o " + bridge + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"))
        .append(rule(config.forwardChain(), "-o " + bridge + " -m conntrack --ctstate DNAT -j ACCEPT"))
        .append(rule(config.forwardChain(), "-i " + bridge + " -j ACCEPT"))
        .append("COMMIT\n");
    iptables.restore(script.toString());
    for (String chain : List.of("PREROUTING", "OUTPUT")) {
      iptables.ensure("nat", chain, jumpToDnat(), false);
    }
    iptables.ensure("nat", "POSTROUTING", List.of("-j", config.postroutingChain()), false);
    iptables.ensure("filter", "FORWARD", List.of("-j", config.forwardChain()), true);
    proxies.closeAll();
    for (NetworkEndpoint endpoint : endpoints) {
      try {
        openProxies(endpoint);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not publish the IPv6 ports of " + endpoint.ip() + " again", e);
      }
    }
  }

  /** Adds the DNAT rules of {@code endpoint}'s published ports (and opens its IPv6 ones); all or nothing. */
  void publish(NetworkEndpoint endpoint) throws IOException {
    if (hasIpv4Ports(endpoint)) {
      iptables.restore("*nat\n" + dnat("-A", endpoint) + "COMMIT\n");
    }
    try {
      openProxies(endpoint);
    } catch (IOException | RuntimeException e) {
      unpublish(endpoint);
      throw e;
    }
  }

  /** Removes the DNAT rules of {@code endpoint}'s published ports (and closes its IPv6 ones). */
  void unpublish(NetworkEndpoint endpoint) throws IOException {
    endpoint.ports().stream().filter(port -> Ipv6PortProxies.isIpv6(port.hostIp())).forEach(proxies::close);
    if (hasIpv4Ports(endpoint)) {
      iptables.restore("*nat\n" + dnat("-D", endpoint) + "COMMIT\n");
    }
  }

  /** Closes the IPv6 ports' proxies (the agent stops; the kernel's rules stay). */
  void close() {
    proxies.closeAll();
  }

  /** Removes the jumps and Berth's chains of this prefix (tests, uninstall). */
  void removeAll() throws IOException {
    proxies.closeAll();
    for (String chain : List.of("PREROUTING", "OUTPUT")) {
      iptables.removeAll("nat", chain, jumpToDnat());
    }
    iptables.removeAll("nat", "POSTROUTING", List.of("-j", config.postroutingChain()));
    iptables.removeAll("filter", "FORWARD", List.of("-j", config.forwardChain()));
    iptables.deleteChain("nat", config.dnatChain());
    iptables.deleteChain("nat", config.postroutingChain());
    iptables.deleteChain("filter", config.forwardChain());
  }

  private List<String> jumpToDnat() {
    return List.of("-m", "addrtype", "--dst-type", "LOCAL", "-j", config.dnatChain());
  }

  private static boolean hasIpv4Ports(NetworkEndpoint endpoint) {
    return endpoint.ports().stream().anyMatch(port -> !Ipv6PortProxies.isIpv6(port.hostIp()));
  }

  private void openProxies(NetworkEndpoint endpoint) throws IOException {
    for (PublishedPort port : endpoint.ports()) {
      if (Ipv6PortProxies.isIpv6(port.hostIp())) {
        proxies.open(endpoint.ip(), port);
      }
    }
  }

  private String dnat(String op, NetworkEndpoint endpoint) {
    StringBuilder lines = new StringBuilder();
    for (PublishedPort port : endpoint.ports()) {
      if (Ipv6PortProxies.isIpv6(port.hostIp())) {
        continue;
      }
      lines.append(op).append(' ').append(config.dnatChain())
          .append(port.hostIp().equals(PortMapper.ANY) ? "" : " -d " + port.hostIp() + "/32")
          .append(" -p ").append(port.protocol()).append(" -m ").append(port.protocol())
          .append(" --dport ").append(port.hostPort())
          .append(" -j DNAT --to-destination ").append(endpoint.ip()).append(':').append(port.containerPort())
          .append('\n');
    }
    return lines.toString();
  }

  private static String rule(String chain, String spec) {
    return "-A " + chain + " " + spec + "\n";
  }
}
