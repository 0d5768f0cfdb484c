package dev.berth.agent.network;

import dev.berth.util.Log;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerNetworking;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.lang.System.Logger.Level;
import java.util.stream.Collectors;

/**
 * The host's default network, {@code bridge}: each container in bridge mode gets an address of
 * the subnet, a veth pair on the Linux bridge, a default route through the bridge, outbound NAT,
 * and its published ports as DNAT rules in the kernel (no copying proxy). Every container (but one
 * sharing another's namespace) gets generated {@code /etc} files ({@link EtcFiles}).
 *
 * <p>Addresses and ports are taken under this object's lock and saved ({@link Allocations})
 * before anything is made; a failure undoes what was made. When the agent starts, Berth's chains
 * are emptied and filled again for the containers still running, and the allocations of the others
 * are freed ({@link #recover}).
 */
public final class BridgeNetwork implements ContainerNetworking {
  /** The network's name, as Docker calls the default one. */
  public static final String NAME = "bridge";
  private static final System.Logger LOG = Log.of(BridgeNetwork.class);

  private final BridgeConfig config;
  private final BridgeDevice device;
  private final NatRules rules;
  private final PortMapper ports;
  private final EtcFiles etc;
  private final Allocations allocations;
  private volatile LegacyLinks links = new LegacyLinks(ContainerLookup.NONE);
  private volatile PortMapper.PortHolders otherNetworks = (protocol, hostIp, port) -> false;

  /** The network laid out by {@code config}, containers' DNS from the host's /etc/resolv.conf. */
  public BridgeNetwork(BridgeConfig config) throws IOException {
    this(config, Path.of("/etc/resolv.conf"));
  }

  /** The network laid out by {@code config}, containers' DNS from {@code hostResolvConf}. */
  public BridgeNetwork(BridgeConfig config, Path hostResolvConf) throws IOException {
    this.config = config;
    this.device = new BridgeDevice(config);
    this.rules = new NatRules(config, new Iptables());
    this.ports = new PortMapper(config.firstRandomPort(), config.lastRandomPort(), Ipv6PortProxies.hostHasIpv6());
    this.etc = new EtcFiles(new ResolvConf(hostResolvConf));
    this.allocations = Allocations.load(config.stateDir(), config.bridge());
  }

  /** Host ports held on the host's other networks, which this one's containers may not take. */
  void portsHeldElsewhere(PortMapper.PortHolders holders) {
    this.otherNetworks = holders;
  }

  /** Whether one of this network's containers holds the host port. */
  synchronized boolean holdsPort(String protocol, String hostIp, int port) {
    return allocations.holdsPort(protocol, hostIp, port);
  }

  /** Where links find the containers they name (the runtime, once it exists). */
  public void useContainers(ContainerLookup containers) {
    this.links = new LegacyLinks(containers);
  }

  @Override
  public RuntimeSpec prepare(String id, Path containerDir, CreateOptions options, RuntimeSpec spec) throws IOException {
    ports.check(options.network());
    EtcFiles.check(options.network());
    links.check(options);
    if (options.networkContainer().isPresent()) {
      return spec; // it lives in the other container's network
    }
    return etc.prepare(containerDir, options, spec, config.subnet().gateway());
  }

  @Override
  public RuntimeSpec beforeProcess(Container container, Path containerDir, RuntimeSpec spec) throws IOException {
    List<LegacyLinks.Link> linked = links.resolve(container, this::endpoint, false);
    return LegacyLinks.withEnvironment(spec, containerDir, LegacyLinks.environment(container.name(), linked,
        child -> ownEnvironment(containerDir.resolveSibling(child.id()))));
  }

  @Override
  public void connect(Container container, Path containerDir, long pid) throws IOException {
    if (!container.options().networkMode().equals(NAME)) {
      return;
    }
    List<String> linkedHosts = LegacyLinks.hosts(links.resolve(container, this::endpoint, true));
    String id = container.id();
    NetworkEndpoint endpoint;
    synchronized (this) {
      allocations.remove(id); // a leftover of a start that did not finish
      String ip = freeAddress();
      List<PublishedPort> published = ports.map(container.options().network(), Set.of(), ip,
          (protocol, hostIp, port) -> allocations.holdsPort(protocol, hostIp, port)
              || otherNetworks.holdsPort(protocol, hostIp, port));
      endpoint = new NetworkEndpoint(NAME, config.bridge(), ip, config.subnet().prefixLength(),
          config.subnet().gateway(), Ipv4.mac(ip), published);
      allocations.put(id, endpoint);
    }
    boolean published = false;
    try {
      device.plug(id, pid, endpoint.ip(), endpoint.mac());
      rules.publish(endpoint);
      published = true;
      String hostname = Files.readString(containerDir.resolve("hostname")).trim();
      etc.writeHosts(containerDir, container.options(), hostname, endpoint.ip(), endpoint.gateway(), linkedHosts);
    } catch (IOException | RuntimeException e) {
      undo(id, endpoint, published);
      throw e;
    }
  }

  @Override
  public void disconnect(String id) {
    synchronized (this) {
      allocations.get(id).ifPresent(gone -> undo(id, gone, true));
    }
  }

  @Override
  public void recover(List<Container> containers) throws IOException {
    device.ensure();
    Set<String> running = containers.stream().filter(Container::isRunning)
        .filter(c -> c.options().networkMode().equals(NAME)).map(Container::id).collect(Collectors.toSet());
    synchronized (this) {
      for (String id : allocations.all().keySet()) {
        if (!running.contains(id)) {
          allocations.remove(id);
        }
      }
      rules.reset(allocations.all().values());
    }
  }

  @Override
  public synchronized Optional<NetworkEndpoint> endpoint(String id) {
    return allocations.get(id);
  }

  /** Every endpoint by container id (for checks and tests). */
  public synchronized Map<String, NetworkEndpoint> endpoints() {
    return allocations.all();
  }

  /** The rules of this network's prefix (user networks publish their ports through them too). */
  NatRules rules() {
    return rules;
  }

  @Override
  public void close() {
    rules.close();
  }

  /** The network's layout. */
  public BridgeConfig config() {
    return config;
  }

  /** Removes the bridge and Berth's chains of this prefix (tests, uninstall); containers must be gone. */
  public void removeFromHost() throws IOException {
    rules.removeAll();
    device.remove();
  }

  private static List<String> ownEnvironment(Path containerDir) {
    try {
      return LegacyLinks.ownEnvironment(containerDir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private String freeAddress() throws IOException {
    Set<String> used = allocations.addresses();
    for (int n = 2; n <= config.subnet().containerAddresses() + 1; n++) {
      String candidate = config.subnet().address(n);
      if (!used.contains(candidate)) {
        return candidate;
      }
    }
    throw new IOException("no available IPv4 addresses on network " + NAME + " (" + config.subnet() + ")");
  }

  // Each step on its own, so one failing does not leave the others undone.
  private void undo(String id, NetworkEndpoint endpoint, boolean published) {
    try {
      synchronized (this) {
        allocations.remove(id);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not free the network allocations of container " + id, e);
    }
    try {
      if (published) {
        rules.unpublish(endpoint);
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not remove the port rules of container " + id, e);
    }
    try {
      device.unplug(id);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "could not remove the veth of container " + id, e);
    }
  }
}
