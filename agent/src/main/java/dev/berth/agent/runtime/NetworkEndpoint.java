package dev.berth.agent.runtime;

import java.util.List;

/**
 * A running container's place on a bridge network, as inspect and {@code docker ps} show it.
 *
 * @param network the network's name ({@code bridge})
 * @param bridge the Linux bridge it is plugged into
 * @param ip its address
 * @param prefixLength the subnet's prefix length
 * @param gateway the bridge's address, its default route
 * @param mac its interface's MAC address
 * @param ports its published ports
 */
public record NetworkEndpoint(String network, String bridge, String ip, int prefixLength, String gateway, String mac,
    List<PublishedPort> ports) {

  /** Copies the list. */
  public NetworkEndpoint {
    ports = List.copyOf(ports);
  }

  /**
   * A container port reachable through a host port.
   *
   * @param protocol {@code tcp} or {@code udp}
   * @param containerPort the port inside the container
   * @param hostIp the host address it is bound to ({@code 0.0.0.0}: every one)
   * @param hostPort the host port
   */
  public record PublishedPort(String protocol, int containerPort, String hostIp, int hostPort) {
    /** Docker's {@code 80/tcp}. */
    public String key() {
      return containerPort + "/" + protocol;
    }
  }
}
