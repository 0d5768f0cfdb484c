package dev.berth.agent.runtime;

import java.util.List;
import java.util.Optional;

/**
 * One network a container is on, as inspect's {@code NetworkSettings.Networks.<name>} shows it:
 * kept while the container is stopped, with an endpoint only while it runs.
 *
 * @param network the network's name ({@code bridge}, {@code host}, {@code none} or a user network's)
 * @param networkId its 64-hex id
 * @param endpointId the container's endpoint's 64-hex id on it
 * @param aliases {@code --network-alias} / {@code --alias} names (empty on predefined networks)
 * @param dnsNames the names peers find it by (name, aliases, short id, hostname); empty on predefined networks
 * @param ipv4Address the address it asked for ({@code --ip}), "" when none
 * @param endpoint its address, gateway and MAC while it runs
 */
public record NetworkAttachment(String network, String networkId, String endpointId, List<String> aliases,
    List<String> dnsNames, String ipv4Address, Optional<NetworkEndpoint> endpoint) {

  /** Copies the lists. */
  public NetworkAttachment {
    aliases = List.copyOf(aliases);
    dnsNames = List.copyOf(dnsNames);
  }
}
