package dev.berth.agent.network;

import java.io.IOException;
import java.util.Collection;
import java.util.List;

/**
 * The rules of the user-defined networks, in two more of Berth's chains, rebuilt whole whenever a
 * network comes or goes:
 *
 * <pre>
 * nat    POSTROUTING  -j &lt;P&gt;-NPOST
 *        &lt;P&gt;-NPOST     per network but internal ones: masquerade out of its subnet, of 127.0.0.0/8 onto
 *                     its bridge, and hairpin (as the default bridge's, {@link NatRules})
 * filter FORWARD      -j &lt;P&gt;-NFWD (first, before &lt;P&gt;-FORWARD)
 *        &lt;P&gt;-NFWD      per network: replies and DNAT'ed traffic to it accepted, anything from another of
 *                     Berth's bridges (the default one too) to it dropped (isolation), from it accepted;
 *                     an internal network passes traffic within its bridge only
 * </pre>
 *
 * Published ports of their containers are DNAT rules in the default network's {@code <P>-DNAT}.
 */
final class UserNetworkRules {
  private final BridgeConfig defaults;
  private final Iptables iptables;

  UserNetworkRules(BridgeConfig defaults, Iptables iptables) {
    this.defaults = defaults;
    this.iptables = iptables;
  }

  /** Fills the chains (made when missing) for {@code networks} and adds the jumps. */
  void reset(Collection<UserNetwork> networks) throws IOException {
    StringBuilder nat = new StringBuilder("*nat\n:").append(postChain()).append(" - [0:0]\n");
    StringBuilder filter = new StringBuilder("*filter\n:").append(forwardChain()).append(" - [0:0]\n");
    for (UserNetwork network : networks) {
      String bridge = network.bridge();
      if (network.internal()) {
        filter.append(rule(forwardChain(), "-i " + bridge + " -o " + bridge + " -j ACCEPT"))
            .append(rule(forwardChain(), "-i " + bridge + " -j DROP"))
            .append(rule(forwardChain(), "-o " + bridge + " -j DROP"));
        continue;
      }
      String subnet = network.subnet();
      nat.append(rule(postChain(), "-s " + subnet + " ! -o " + bridge + " -j MASQUERADE"))
          .append(rule(postChain(), "-s 127.0.0.0/8 -o " + bridge + " -j MASQUERADE"))
          .append(rule(postChain(), "-s " + subnet + " -d " + subnet + " -o " + bridge
              + " -m conntrack --ctstate DNAT -j MASQUERADE"));
      filter.append(rule(forwardChain(), "-o " + bridge + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"))
          .append(rule(forwardChain(), "-o " + bridge + " -m conntrack --ctstate DNAT -j ACCEPT"))
          .append(rule(forwardChain(), "-i " + defaults.bridge() + " -o " + bridge + " -j DROP"))
          .append(rule(forwardChain(), "-i " + bridge + " -o " + defaults.bridge() + " -j DROP"));
      for (UserNetwork other : networks) {
        if (!other.id().equals(network.id())) {
          filter.append(rule(forwardChain(), "-i " + other.bridge() + " -o " + bridge + " -j DROP"));
        }
      }
      filter.append(rule(forwardChain(), "-i " + bridge + " -j ACCEPT"));
    }
    iptables.restore(nat.append("COMMIT\n").append(filter).append("COMMIT\n").toString());
    iptables.ensure("nat", "POSTROUTING", List.of("-j", postChain()), false);
    iptables.ensure("filter", "FORWARD", List.of("-j", forwardChain()), true);
  }

  /** Removes the jumps and the chains (tests, uninstall). */
  void removeAll() throws IOException {
    iptables.removeAll("nat", "POSTROUTING", List.of("-j", postChain()));
    iptables.removeAll("filter", "FORWARD", List.of("-j", forwardChain()));
    iptables.deleteChain("nat", postChain());
    iptables.deleteChain("filter", forwardChain());
  }

  private String postChain() {
    return defaults.chainPrefix() + "-NPOST";
  }

  private String forwardChain() {
    return defaults.chainPrefix() + "-NFWD";
  }

  private static String rule(String chain, String spec) {
    return "-A " + chain + " " + spec + "\n";
  }
}
