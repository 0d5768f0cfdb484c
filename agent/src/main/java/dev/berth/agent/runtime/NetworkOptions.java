package dev.berth.agent.runtime;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What {@code docker create} asks of a container's network besides its mode: published ports
 * ({@code -p}, {@code -P}), the ports it exposes, DNS ({@code --dns*}), extra {@code /etc/hosts}
 * lines ({@code --add-host}) and legacy links ({@code --link}).
 *
 * @param portBindings {@code -p}, one entry per container port and host binding (the CLI expands ranges)
 * @param publishAll {@code -P}: every exposed port gets a random host port
 * @param exposedPorts {@code 80/tcp}… of the create request (the CLI adds {@code -p}'s); the image's are added at start
 * @param dns {@code --dns} nameservers (empty: the host's)
 * @param dnsSearch {@code --dns-search} domains (empty: the host's)
 * @param dnsOptions {@code --dns-option} options (empty: the host's)
 * @param extraHosts {@code --add-host} entries, {@code name:ip}
 * @param links {@code --link} entries, {@code name:alias} (the alias is the name when none was given)
 * @param aliases {@code --network-alias} names of the container on its (user-defined) network
 * @param ipv4Address {@code --ip}: the container's address on its (user-defined) network, "" for any
 */
public record NetworkOptions(List<PortBinding> portBindings, boolean publishAll, List<String> exposedPorts,
    List<String> dns, List<String> dnsSearch, List<String> dnsOptions, List<String> extraHosts, List<String> links,
    List<String> aliases, String ipv4Address) {

  /** No ports, no DNS or hosts settings. */
  public static final NetworkOptions NONE = new NetworkOptions(null, false, null, null, null, null, null, null, null);

  /** Copies the lists; null ones are empty. */
  public NetworkOptions {
    portBindings = portBindings == null ? List.of() : List.copyOf(portBindings);
    exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
    dns = dns == null ? List.of() : List.copyOf(dns);
    dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
    dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
    extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    links = links == null ? List.of() : links.stream().map(NetworkOptions::link).toList();
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    ipv4Address = ipv4Address == null ? "" : ipv4Address;
  }

  /** Without {@code --ip}. */
  public NetworkOptions(List<PortBinding> portBindings, boolean publishAll, List<String> exposedPorts, List<String> dns,
      List<String> dnsSearch, List<String> dnsOptions, List<String> extraHosts, List<String> links, List<String> aliases) {
    this(portBindings, publishAll, exposedPorts, dns, dnsSearch, dnsOptions, extraHosts, links, aliases, "");
  }

  // "db", "db:db", "/db:/web/db" (as inspect shows them) -> "db:db"
  private static String link(String entry) {
    String[] parts = entry.split(":", -1);
    String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
    String alias = parts.length > 1 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : name;
    if (parts.length > 2 || name.isEmpty() || alias.isEmpty()) {
      throw new IllegalArgumentException("invalid link format: " + entry);
    }
    return name + ":" + alias;
  }

  /** These options also exposing {@code ports} (the image's), after the ones given. */
  public NetworkOptions exposing(Collection<String> ports) {
    LinkedHashSet<String> all = new LinkedHashSet<>(exposedPorts);
    all.addAll(ports);
    return new NetworkOptions(portBindings, publishAll, List.copyOf(all), dns, dnsSearch, dnsOptions, extraHosts, links,
        aliases, ipv4Address);
  }

  /**
   * One host binding of a container port, as HostConfig.PortBindings holds it.
   *
   * @param port the container port and protocol, e.g. {@code 80/tcp}
   * @param hostIp the host address ({@code ""}: every address)
   * @param hostPort {@code "8080"}, a range {@code "8000-8010"} (the first free one), or {@code ""} (a random one)
   */
  public record PortBinding(String port, String hostIp, String hostPort) {
    /** Fills empty parts. */
    public PortBinding {
      port = port.contains("/") ? port : port + "/tcp";
      hostIp = hostIp == null ? "" : hostIp;
      hostPort = hostPort == null ? "" : hostPort;
    }
  }
}
