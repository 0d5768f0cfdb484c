package dev.berth.agent.network;

import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import dev.berth.agent.runtime.NetworkOptions;
import dev.berth.agent.runtime.NetworkOptions.PortBinding;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the host ports of a container's {@code -p} and {@code -P}: a given port when no other
 * container holds it and no process on the host is bound to it (checked by binding a socket
 * briefly), the first such port of a given range, or a random one from the configured range.
 * Errors name the port as dockerd does.
 *
 * <p>A binding without a host address is published on every IPv4 address ({@code 0.0.0.0}) and,
 * when the host has IPv6, on every IPv6 one ({@code ::}) with the same port, as dockerd does; an
 * IPv6 host address ({@code -p [::1]:8080:80}) needs a host with IPv6.
 */
final class PortMapper {
  /** Who holds host ports already (a network's containers). */
  @FunctionalInterface
  interface PortHolders {
    /** Whether host port {@code port}/{@code protocol} on {@code hostIp} (or on every address) is held. */
    boolean holdsPort(String protocol, String hostIp, int port);
  }

  /** The host address of a binding to every IPv4 address. */
  static final String ANY = "0.0.0.0";
  /** The host address of a binding to every IPv6 address. */
  static final String ANY_IPV6 = "::";

  private final int firstRandom;
  private final int lastRandom;
  private final boolean ipv6;

  /** Random ports come from {@code firstRandom}..{@code lastRandom}; IPv6 ones too when {@code ipv6} (the host has it). */
  PortMapper(int firstRandom, int lastRandom, boolean ipv6) {
    this.firstRandom = firstRandom;
    this.lastRandom = lastRandom;
    this.ipv6 = ipv6;
  }

  /** Whether a port bound on host address {@code a} and one on {@code b} are the same socket's (same family, one a wildcard). */
  static boolean overlap(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    boolean sameFamily = Ipv6PortProxies.isIpv6(a) == Ipv6PortProxies.isIpv6(b);
    return sameFamily && (a.equals(ANY) || b.equals(ANY) || a.equals(ANY_IPV6) || b.equals(ANY_IPV6));
  }

  /** Checks the bindings of {@code options} (port, protocol, host address and port) before anything is made. */
  void check(NetworkOptions options) {
    for (PortBinding binding : options.portBindings()) {
      containerPort(binding.port());
      protocol(binding.port());
      hostRange(binding.hostPort());
      String hostIp = binding.hostIp();
      if (!hostIp.isEmpty() && !Ipv4.isValid(hostIp) && !Ipv6PortProxies.isValid(hostIp)) {
        throw new IllegalArgumentException("invalid IP address: " + hostIp);
      }
      if (Ipv6PortProxies.isIpv6(hostIp) && !ipv6) {
        throw new IllegalArgumentException("cannot publish port " + binding.port() + " on " + hostIp
            + ": this host has no IPv6");
      }
    }
    for (String exposed : options.exposedPorts()) {
      containerPort(exposed);
      protocol(exposed);
    }
  }

  /**
   * The published ports of a container at {@code ip}: its bindings, plus with {@code -P} every port of
   * {@code exposed} (the image's and its own) not bound already, each on a free host port.
   */
  List<PublishedPort> map(NetworkOptions options, Set<String> imageExposed, String ip, PortHolders taken)
      throws IOException {
    List<PortBinding> wanted = new ArrayList<>(options.portBindings());
    if (options.publishAll()) {
      Set<String> exposed = new LinkedHashSet<>(imageExposed);
      exposed.addAll(options.exposedPorts());
      for (String port : exposed) {
        String key = new PortBinding(port, "", "").port();
        if (wanted.stream().noneMatch(b -> b.port().equals(key))) {
          wanted.add(new PortBinding(key, "", ""));
        }
      }
    }
    List<PublishedPort> published = new ArrayList<>();
    for (PortBinding binding : wanted) {
      String protocol = protocol(binding.port());
      int containerPort = containerPort(binding.port());
      List<String> hostIps = !binding.hostIp().isEmpty() ? List.of(binding.hostIp())
          : ipv6 ? List.of(ANY, ANY_IPV6) : List.of(ANY);
      int[] range = hostRange(binding.hostPort());
      int port = range == null ? random(protocol, hostIps, published, taken)
          : inRange(protocol, hostIps, range, published, taken, ip + ":" + containerPort);
      hostIps.forEach(hostIp -> published.add(new PublishedPort(protocol, containerPort, hostIp, port)));
    }
    return published;
  }

  private int inRange(String protocol, List<String> hostIps, int[] range, List<PublishedPort> chosen,
      PortHolders taken, String target) throws IOException {
    String allocated = hostIps.get(0);
    for (int port = range[0]; port <= range[1]; port++) {
      Optional<String> held = held(protocol, hostIps, port, chosen, taken);
      if (held.isPresent()) {
        allocated = held.get();
        continue;
      }
      Optional<String> busy = unbindable(protocol, hostIps, port);
      if (busy.isEmpty()) {
        return port;
      }
      if (range[0] == range[1]) {
        throw new PortInUseException("failed to bind host port for " + shown(busy.get()) + ":" + port + ":" + target
            + "/" + protocol + ": address already in use");
      }
    }
    String ports = range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "-" + range[1];
    throw new PortInUseException("Bind for " + shown(allocated) + ":" + ports + " failed: port is already allocated");
  }

  private int random(String protocol, List<String> hostIps, List<PublishedPort> chosen, PortHolders taken)
      throws PortInUseException {
    int size = lastRandom - firstRandom + 1;
    int start = ThreadLocalRandom.current().nextInt(size);
    for (int i = 0; i < size; i++) {
      int port = firstRandom + (start + i) % size;
      if (held(protocol, hostIps, port, chosen, taken).isEmpty() && unbindable(protocol, hostIps, port).isEmpty()) {
        return port;
      }
    }
    throw new PortInUseException("no free host port in " + firstRandom + "-" + lastRandom + " for "
        + String.join(", ", hostIps.stream().map(PortMapper::shown).toList()) + "/" + protocol
        + ": all ports are allocated");
  }

  // The first of hostIps on which another container (or one of this container's bindings) holds the port
  private static Optional<String> held(String protocol, List<String> hostIps, int port, List<PublishedPort> chosen,
      PortHolders taken) {
    return hostIps.stream().filter(hostIp -> taken.holdsPort(protocol, hostIp, port)
        || chosen.stream().anyMatch(p -> p.protocol().equals(protocol) && p.hostPort() == port
            && overlap(p.hostIp(), hostIp))).findFirst();
  }

  // The first of hostIps on which a process of the host holds the port
  private static Optional<String> unbindable(String protocol, List<String> hostIps, int port) {
    return hostIps.stream().filter(hostIp -> !bindable(protocol, hostIp, port)).findFirst();
  }

  // An address as dockerd writes it before ":port" (IPv6 in brackets)
  private static String shown(String hostIp) {
    return Ipv6PortProxies.isIpv6(hostIp) ? "[" + hostIp + "]" : hostIp;
  }

  // Whether no process of the host holds the port: bound for a moment, then let go.
  private static boolean bindable(String protocol, String hostIp, int port) {
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(hostIp), port);
      if (protocol.equals("udp")) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
          socket.bind(address);
        }
      } else {
        try (ServerSocket socket = new ServerSocket()) {
          socket.setReuseAddress(true); // connections of an earlier holder in TIME_WAIT do not count
          socket.bind(address);
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int containerPort(String port) {
    String number = port.contains("/") ? port.substring(0, port.indexOf('/')) : port;
    try {
      int value = Integer.parseInt(number);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("invalid port specification: \"" + port + "\"");
  }

  private static String protocol(String port) {
    String protocol = port.contains("/") ? port.substring(port.indexOf('/') + 1).toLowerCase() : "tcp";
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      throw new IllegalArgumentException("invalid proto: " + protocol + " (tcp or udp)");
    }
    return protocol;
  }

  // "8080" -> {8080, 8080}; "8000-8010" -> {8000, 8010}; "" -> null (random)
  private static int[] hostRange(String hostPort) {
    if (hostPort.isEmpty() || hostPort.equals("0")) {
      return null;
    }
    String[] parts = hostPort.split("-", -1);
    try {
      int low = Integer.parseInt(parts[0]);
      int high = parts.length == 2 ? Integer.parseInt(parts[1]) : low;
      if (parts.length <= 2 && low >= 1 && high <= 65535 && low <= high) {
        return new int[] {low, high};
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new IllegalArgumentException("invalid hostPort: " + hostPort);
  }
}
