package dev.berth.agent.network;

import dev.berth.agent.state.AgentLayout;
import java.nio.file.Path;

/**
 * {@code java -cp berth-agent.jar dev.berth.agent.network.RemoveBridge <agent data dir>}: takes the bridge, the user-defined networks' bridges and the
 * iptables chains the agent's environment names ({@code BERTH_BRIDGE}, {@code BERTH_CHAIN_PREFIX},
 * see {@link BridgeConfig#fromEnvironment}) off the host, e.g. after a test agent or when a host
 * leaves the fleet. Containers still attached lose their network.
 */
public final class RemoveBridge {
  private RemoveBridge() {}

  /** Removes them; exits 1 with the reason when it cannot. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: RemoveBridge <agent data dir>");
      System.exit(2);
    }
    try {
      AgentLayout layout = new AgentLayout(Path.of(args[0]));
      BridgeConfig config = BridgeConfig.fromEnvironment(layout.stateDir(), System.getenv());
      new HostNetworks(config, layout.containersDir()).removeFromHost();
    } catch (Exception e) {
      System.err.println("cannot remove the bridge: " + e.getMessage());
      System.exit(1);
    }
  }
}
