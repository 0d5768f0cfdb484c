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
 * @param addresses container id to the address it asked for ({@code --ip}), for those that did
 * @param autoSubnet its subnet was chosen by the engine, not given ({@code --subnet}): no {@code --ip} on it
 */
public record UserNetwork(String id, String name, String created, String subnet, String gateway, String bridge,
    boolean internal, Map<String, String> labels, Map<String, List<String>> containers, Map<String, String> addresses,
    boolean autoSubnet) {

  /** Copies the maps. */
  public UserNetwork {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    containers = containers == null ? Map.of() : Map.copyOf(containers);
    addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
  }

  /** This network with container {@code id} connected under {@code aliases}, at address {@code ip} ("": any). */
  UserNetwork connecting(String id, List<String> aliases, String ip) {
    Map<String, List<String>> connected = new TreeMap<>(containers);
    connected.put(id, List.copyOf(aliases));
    Map<String, String> asked = new TreeMap<>(addresses);
    asked.remove(id);
    if (!ip.isEmpty()) {
      asked.put(id, ip);
    }
    return new UserNetwork(this.id, name, created, subnet, gateway, bridge, internal, labels, connected, asked, autoSubnet);
  }

  /** This network without container {@code id}. */
  UserNetwork disconnecting(String id) {
    Map<String, List<String>> connected = new TreeMap<>(containers);
    connected.remove(id);
    Map<String, String> asked = new TreeMap<>(addresses);
    asked.remove(id);
    return new UserNetwork(this.id, name, created, subnet, gateway, bridge, internal, labels, connected, asked, autoSubnet);
  }

  /**
   * Checks that {@code ip} ({@code --ip}) can be asked for on this network: an IPv4 address of the
   * subnet it was created with (whether it is free is known when the container is plugged in);
   * dockerd's words when not.
   */
  void checkAddress(String ip) {
    if (autoSubnet) {
      throw new IllegalArgumentException("invalid endpoint settings:\nuser specified IP address is supported only when"
          + " connecting to networks with user configured subnets");
    }
    if (!Ipv4.isValid(ip)) {
      throw new IllegalArgumentException("invalid endpoint settings:\ninvalid IPv4 address: " + ip);
    }
    if (!parsedSubnet().overlaps(ip)) {
      throw new IllegalArgumentException("invalid endpoint settings:\nno configured subnet or ip-range contain the IP"
          + " address " + ip);
    }
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
