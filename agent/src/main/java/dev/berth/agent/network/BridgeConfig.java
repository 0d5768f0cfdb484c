package dev.berth.agent.network;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the host's default network ({@code bridge}) is laid out: its Linux bridge, its subnet, the
 * prefix of Berth's iptables chains, the range random host ports come from, and where its
 * allocations are kept. Tests use their own bridge, subnet and prefix so they never meet the
 * host's or each other's.
 *
 * @param bridge the Linux bridge's name (at most 15 characters)
 * @param subnet the containers' subnet; the bridge holds its first address
 * @param chainPrefix Berth's chains are {@code <prefix>-DNAT}, {@code <prefix>-POSTROUTING}, {@code <prefix>-FORWARD}
 * @param firstRandomPort the lowest port {@code -p 80} and {@code -P} pick
 * @param lastRandomPort the highest such port
 * @param stateDir where the allocations file lives ({@link Allocations})
 */
public record BridgeConfig(String bridge, Subnet subnet, String chainPrefix, int firstRandomPort, int lastRandomPort,
    Path stateDir) {
  /** The default bridge's name. */
  public static final String DEFAULT_BRIDGE = "berth0";
  /** The default subnet, away from Docker's 172.17-172.20 and common LANs. */
  public static final String DEFAULT_SUBNET = "172.29.0.0/16";
  /** The default chain prefix. */
  public static final String DEFAULT_CHAIN_PREFIX = "BERTH";
  /** Random host ports come from here by default, as the Docker guide describes. */
  public static final int DEFAULT_FIRST_PORT = 49000;
  /** The end of the default random range. */
  public static final int DEFAULT_LAST_PORT = 49900;

  /** Checks the names and the range. */
  public BridgeConfig {
    if (!bridge.matches("[A-Za-z0-9_.-]{1,15}")) {
      throw new IllegalArgumentException("invalid bridge name: " + bridge);
    }
    if (!chainPrefix.matches("[A-Z0-9_]{1,16}")) {
      throw new IllegalArgumentException("invalid chain prefix: " + chainPrefix);
    }
    if (firstRandomPort < 1 || lastRandomPort > 65535 || firstRandomPort > lastRandomPort) {
      throw new IllegalArgumentException("invalid port range: " + firstRandomPort + "-" + lastRandomPort);
    }
  }

  /** The defaults, with allocations kept under {@code stateDir}. */
  public static BridgeConfig defaults(Path stateDir) {
    return new BridgeConfig(DEFAULT_BRIDGE, Subnet.parse(DEFAULT_SUBNET), DEFAULT_CHAIN_PREFIX, DEFAULT_FIRST_PORT,
        DEFAULT_LAST_PORT, stateDir);
  }

  /**
   * The defaults, changed by {@code BERTH_BRIDGE} (bridge name), {@code BERTH_BRIDGE_SUBNET} (CIDR),
   * {@code BERTH_CHAIN_PREFIX} and {@code BERTH_PORT_RANGE} ({@code first-last}) in {@code env}.
   */
  public static BridgeConfig fromEnvironment(Path stateDir, Map<String, String> env) {
    String range = env.getOrDefault("BERTH_PORT_RANGE", DEFAULT_FIRST_PORT + "-" + DEFAULT_LAST_PORT);
    String[] ends = range.split("-", 2);
    try {
      return new BridgeConfig(env.getOrDefault("BERTH_BRIDGE", DEFAULT_BRIDGE),
          Subnet.parse(env.getOrDefault("BERTH_BRIDGE_SUBNET", DEFAULT_SUBNET)),
          env.getOrDefault("BERTH_CHAIN_PREFIX", DEFAULT_CHAIN_PREFIX), Integer.parseInt(ends[0]),
          Integer.parseInt(ends[ends.length - 1]), stateDir);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port range: " + range);
    }
  }

  /** The nat chain of the published ports' DNAT rules. */
  String dnatChain() {
    return chainPrefix + "-DNAT";
  }

  /** The nat chain of the masquerade rules. */
  String postroutingChain() {
    return chainPrefix + "-POSTROUTING";
  }

  /** The filter chain letting the bridge's traffic through. */
  String forwardChain() {
    return chainPrefix + "-FORWARD";
  }
}
