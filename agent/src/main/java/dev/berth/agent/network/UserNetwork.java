package dev.berth.agent.network;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user-defined network ({@code docker network create}): a Linux bridge of its own with its own
 * subnet, and the containers connected to it (at create with {@code --network}, or later with
 * {@code docker network connect}), whether they run or not.
 *
 * @param id 64 hex digits
 * @param name unique on the host
 * @param created when it was made, RFC 3339
 * @param subnet its subnet, e.g. {@code 172.30.3.0/24}
 * @param gateway the bridge's address
 * @param bridge the Linux bridge, {@code br-} and 12 digits of the id
 * @param internal no outbound NAT, no traffic to or from outside the network
 * @param labels {@code --label}
 * @param containers container id to its aliases on the network ({@code --network-alias})
 */
public record UserNetwork(String id, String name, String created, String subnet, String gateway, String bridge,
    boolean internal, Map<String, String> labels, Map<String, List<String>> containers) {

  /** Copies the maps. */
  public UserNetwork {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    containers = containers == null ? Map.of() : Map.copyOf(containers);
  }

  /** This network with container {@code id} connected under {@code aliases}. */
  UserNetwork connecting(String id, List<String> aliases) {
    Map<String, List<String>> connected = new TreeMap<>(containers);
    connected.put(id, List.copyOf(aliases));
    return new UserNetwork(this.id, name, created, subnet, gateway, bridge, internal, labels, connected);
  }

  /** This network without container {@code id}. */
  UserNetwork disconnecting(String id) {
    Map<String, List<String>> connected = new TreeMap<>(containers);
    connected.remove(id);
    return new UserNetwork(this.id, name, created, subnet, gateway, bridge, internal, labels, connected);
  }

  /** Its subnet. */
  Subnet parsedSubnet() {
    return Subnet.parse(subnet);
  }

  /** The layout its bridge and allocations use, sharing the default network's chains and port range. */
  BridgeConfig layout(BridgeConfig defaults) {
    return new BridgeConfig(bridge, parsedSubnet(), defaults.chainPrefix(), defaults.firstRandomPort(),
        defaults.lastRandomPort(), defaults.stateDir());
  }
}
