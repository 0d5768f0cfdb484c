package dev.berth.agent.network;

import dev.berth.util.Log;
import dev.berth.agent.content.Digest;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerNetworking;
import dev.berth.agent.runtime.ContainerNotFoundException;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.NetworkAttachment;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.agent.runtime.NetworkOptions;
import dev.berth.agent.runtime.oci.RuntimeSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.lang.System.Logger.Level;

/**
 * The host's networks: the default {@code bridge} ({@link BridgeNetwork}) and the user-defined
 * ones ({@link UserNetwork}, {@code docker network create}), each a Linux bridge with its own
 * subnet, isolated from the others ({@link UserNetworkRules}). A container is on its
 * {@code --network} and any it was connected to: the first user network gets {@code eth0} and the
 * default route (and its published ports), more get {@code eth1}…. Containers sharing a user
 * network find each other by name and alias through their {@code /etc/hosts}, rewritten in place
 * whenever a peer comes or goes (the bind mount holds the file, so the container sees it).
 *
 * <p>Memberships are saved ({@link NetworkStore}) and kept while a container is stopped; its
 * addresses ({@link Allocations}, one file per bridge) only while it runs. When the agent starts,
 * the bridges and chains are set again from the saved state.
 */
public final class HostNetworks implements ContainerNetworking {
  /** The predefined networks besides {@code bridge}. */
  public static final List<String> PREDEFINED = List.of(BridgeNetwork.NAME, "host", "none");
  private static final System.Logger LOG = Log.of(HostNetworks.class);
  private static final String USER_POOL = "172.30.0.0";

  private final BridgeNetwork defaultNetwork;
  private final BridgeConfig defaults;
  private final Path containersDir;
  private final NetworkStore store;
  private final UserNetworkRules rules;
  private final NatRules dnat;
  private final EtcFiles etc;
  private final PortMapper ports;
  private final Map<String, Allocations> allocations = new HashMap<>();
  private volatile ContainerLookup containers = ContainerLookup.NONE;
  private volatile Runnable onChange = () -> { };

  /** The default network laid out by {@code defaults}, containers' files under {@code containersDir}. */
  public HostNetworks(BridgeConfig defaults, Path containersDir) throws IOException {
    this.defaultNetwork = new BridgeNetwork(defaults);
    this.defaults = defaults;
    this.containersDir = containersDir;
    this.store = NetworkStore.load(defaults);
    this.rules = new UserNetworkRules(defaults, new Iptables());
    this.dnat = defaultNetwork.rules(); // one set of IPv6 port proxies for every network
    this.etc = new EtcFiles(new ResolvConf(Path.of("/etc/resolv.conf")));
    this.ports = new PortMapper(defaults.firstRandomPort(), defaults.lastRandomPort(), Ipv6PortProxies.hostHasIpv6());
    defaultNetwork.portsHeldElsewhere(this::userNetworkHoldsPort);
  }

  /** Runs {@code listener} (quickly) whenever a network is created or removed, or a container connected or disconnected. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** Where links and peers are looked up (the runtime, once it exists). */
  public void useContainers(ContainerLookup lookup) {
    this.containers = lookup;
    defaultNetwork.useContainers(lookup);
  }

  /** The default network. */
  public BridgeNetwork defaultNetwork() {
    return defaultNetwork;
  }

  /** The stable id of a predefined network on this host. */
  public String predefinedId(String name) {
    return digest(name.equals(BridgeNetwork.NAME) ? defaults.bridge() : name);
  }

  /** Every user-defined network, oldest first. */
  public List<UserNetwork> userNetworks() {
    List<UserNetwork> all;
    synchronized (this) {
      all = store.all();
    }
    return all.stream().map(this::withExistingContainers).toList();
  }

  /** The user-defined network by id, name or id prefix. */
  public Optional<UserNetwork> find(String idOrName) {
    Optional<UserNetwork> found;
    synchronized (this) {
      found = store.find(idOrName);
    }
    return found.map(this::withExistingContainers);
  }

  /** The endpoints of a network's running containers by container id. */
  public synchronized Map<String, NetworkEndpoint> endpoints(UserNetwork network) throws IOException {
    return allocationsOf(network).all();
  }

  /**
   * Makes a network: {@code subnet} (or a free /24 of 172.30.0.0/16 clear of the host's routes and
   * the other networks) with {@code gateway} (or its first address).
   */
  public synchronized UserNetwork create(String name, String subnet, String gateway, boolean internal,
      Map<String, String> labels) throws IOException {
    if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
      throw new IllegalArgumentException("invalid network name \"" + name + "\"");
    }
    if (PREDEFINED.contains(name) || store.all().stream().anyMatch(n -> n.name().equals(name))) {
      throw new ContainerConflictException("network with name " + name + " already exists");
    }
    Subnet chosen = subnet == null || subnet.isEmpty() ? freeSubnet() : Subnet.parse(subnet);
    for (UserNetwork other : store.all()) {
      if (other.parsedSubnet().overlaps(chosen)) {
        throw new ContainerConflictException("invalid pool request: Pool overlaps with other one on this address space");
      }
    }
    if (chosen.overlaps(defaults.subnet())) {
      throw new ContainerConflictException("invalid pool request: Pool overlaps with other one on this address space");
    }
    String gatewayIp = gateway == null || gateway.isEmpty() ? chosen.gateway() : gateway;
    if (!Ipv4.isValid(gatewayIp) || !chosen.overlaps(gatewayIp)) {
      throw new IllegalArgumentException("no matching subnet for gateway " + gatewayIp);
    }
    if (!gatewayIp.equals(chosen.gateway())) {
      throw new IllegalArgumentException("gateway " + gatewayIp + " must be the first address of " + chosen
          + " (" + chosen.gateway() + ") on this engine");
    }
    String id = Digest.of((name + Instant.now() + Math.random()).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .encoded();
    UserNetwork network = new UserNetwork(id, name, Instant.now().toString(), chosen.toString(), gatewayIp,
        "br-" + id.substring(0, 12), internal, labels, Map.of(), Map.of(), subnet == null || subnet.isEmpty());
    new BridgeDevice(network.layout(defaults)).ensure();
    store.put(network);
    rules.reset(store.all());
    onChange.run();
    return network;
  }

  /** Removes a network that no container is connected to. */
  public void remove(UserNetwork network) throws IOException {
    withExistingContainers(network);
    synchronized (this) {
      removeUnused(network);
    }
    onChange.run();
  }

  private void removeUnused(UserNetwork network) throws IOException {
    UserNetwork current = store(network);
    if (!current.containers().isEmpty()) {
      throw new ContainerConflictException("error while removing network: network " + network.name() + " id "
          + network.id() + " has active endpoints");
    }
    store.remove(network.id());
    rules.reset(store.all());
    new BridgeDevice(network.layout(defaults)).remove();
    allocations.remove(network.id());
    Files.deleteIfExists(defaults.stateDir().resolve("network").resolve(network.bridge() + ".json"));
  }

  /**
   * Connects {@code container} to {@code network} under {@code aliases}, at address {@code ip}
   * ({@code --ip}, "" for any); plugged in at once when it runs.
   */
  public void connect(UserNetwork network, Container container, List<String> aliases, String ip) throws IOException {
    if (container.options().networkMode().equals("host") || container.options().networkMode().equals("none")
        || container.options().networkContainer().isPresent()) {
      throw new ContainerConflictException("container cannot be disconnected from host network or connected to host"
          + " network");
    }
    synchronized (this) {
      UserNetwork current = store.find(network.id()).orElseThrow(() -> notFound(network.name()));
      if (current.containers().containsKey(container.id())) {
        throw new ContainerConflictException("endpoint with name " + container.name() + " already exists in network "
            + network.name());
      }
      if (!ip.isEmpty()) {
        current.checkAddress(ip);
      }
      store.put(current.connecting(container.id(), aliases, ip));
    }
    if (container.isRunning()) {
      try {
        plug(store(network), container, false);
        refreshHosts(container.id());
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          store.put(store(network).disconnecting(container.id()));
        }
        throw e;
      }
    }
    onChange.run();
  }

  /** Disconnects {@code container} from {@code network}, unplugging it when it runs. */
  public void disconnect(UserNetwork network, Container container) throws IOException {
    synchronized (this) {
      UserNetwork current = store.find(network.id()).orElseThrow(() -> notFound(network.name()));
      if (!current.containers().containsKey(container.id())) {
        throw new ContainerConflictException("container " + container.id() + " is not connected to network "
            + network.name());
      }
      store.put(current.disconnecting(container.id()));
    }
    unplug(store(network), container.id());
    if (container.isRunning()) {
      refreshHosts(container.id());
    }
    onChange.run();
  }

  @Override
  public RuntimeSpec prepare(String id, Path containerDir, CreateOptions options, RuntimeSpec spec) throws IOException {
    Optional<UserNetwork> network = Optional.empty();
    String mode = options.networkMode();
    if (!PREDEFINED.contains(mode) && options.networkContainer().isEmpty()) {
      network = Optional.of(find(mode).orElseThrow(() -> notFound(mode)));
    }
    String ip = options.network().ipv4Address();
    if (!ip.isEmpty() && network.isEmpty()) {
      throw new IllegalArgumentException("invalid endpoint settings:\nuser specified IP address is supported on user"
          + " defined networks only");
    }
    if (!ip.isEmpty()) {
      network.get().checkAddress(ip);
    }
    RuntimeSpec prepared = defaultNetwork.prepare(id, containerDir, options, spec);
    if (network.isPresent()) {
      synchronized (this) {
        store.put(store(network.get()).connecting(id, options.network().aliases(), ip));
      }
    }
    return prepared;
  }

  @Override
  public RuntimeSpec beforeProcess(Container container, Path containerDir, RuntimeSpec spec) throws IOException {
    return defaultNetwork.beforeProcess(container, containerDir, spec);
  }

  @Override
  public void connect(Container container, Path containerDir, long pid) throws IOException {
    defaultNetwork.connect(container, containerDir, pid);
    List<UserNetwork> joined = networksOf(container.id());
    if (joined.isEmpty()) {
      return;
    }
    try {
      boolean primary = !container.options().networkMode().equals(BridgeNetwork.NAME);
      for (UserNetwork network : joined) {
        plug(network, container, primary);
        primary = false;
      }
      refreshHosts(container.id());
    } catch (IOException | RuntimeException e) {
      disconnect(container.id());
      throw e;
    }
  }

  @Override
  public void disconnect(String id) {
    defaultNetwork.disconnect(id);
    List<UserNetwork> left = new ArrayList<>();
    synchronized (this) {
      for (UserNetwork network : store.all()) {
        if (allocationsOfQuietly(network).get(id).isPresent()) {
          left.add(network);
        }
      }
    }
    for (UserNetwork network : left) {
      try {
        unplug(network, id);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not unplug container " + id + " from network " + network.name(), e);
      }
    }
  }

  @Override
  public void recover(List<Container> all) throws IOException {
    defaultNetwork.recover(all); // empties the DNAT chain: the user networks' ports go back below
    Set<String> running = new java.util.HashSet<>();
    all.stream().filter(Container::isRunning).forEach(c -> running.add(c.id()));
    synchronized (this) {
      for (UserNetwork network : store.all()) {
        new BridgeDevice(network.layout(defaults)).ensure();
        Allocations held = allocationsOf(network);
        for (String id : held.all().keySet()) {
          if (!running.contains(id)) {
            held.remove(id);
          }
        }
        for (NetworkEndpoint endpoint : held.all().values()) {
          dnat.publish(endpoint);
        }
      }
      rules.reset(store.all());
    }
  }

  @Override
  public Optional<NetworkEndpoint> endpoint(String id) {
    Optional<NetworkEndpoint> onDefault = defaultNetwork.endpoint(id);
    if (onDefault.isPresent()) {
      return onDefault;
    }
    synchronized (this) {
      for (UserNetwork network : store.all()) {
        Optional<NetworkEndpoint> endpoint = allocationsOfQuietly(network).get(id);
        if (endpoint.isPresent()) {
          return endpoint;
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public List<NetworkAttachment> attachments(Container container) {
    if (container.options().networkContainer().isPresent()) {
      return List.of(); // its namespace's owner's networks
    }
    String id = container.id();
    String mode = container.options().networkMode();
    List<NetworkAttachment> all = new ArrayList<>();
    if (PREDEFINED.contains(mode)) {
      Optional<NetworkEndpoint> endpoint = container.isRunning() && mode.equals(BridgeNetwork.NAME)
          ? defaultNetwork.endpoint(id) : Optional.empty();
      all.add(new NetworkAttachment(mode, predefinedId(mode), digest(id), List.of(), List.of(), "", endpoint));
    }
    for (UserNetwork network : networksOf(id)) {
      Optional<NetworkEndpoint> endpoint;
      synchronized (this) {
        endpoint = container.isRunning() ? allocationsOfQuietly(network).get(id) : Optional.empty();
      }
      all.add(new NetworkAttachment(network.name(), network.id(), digest(network.id() + id),
          network.containers().getOrDefault(id, List.of()), dnsNames(network, id),
          network.addresses().getOrDefault(id, ""), endpoint));
    }
    all.sort(java.util.Comparator.comparing(NetworkAttachment::network));
    return all;
  }

  @Override
  public void close() {
    defaultNetwork.close();
  }

  /** Removes every user network's bridge, the default one and Berth's chains of this prefix (tests, uninstall). */
  public void removeFromHost() throws IOException {
    rules.removeAll();
    for (UserNetwork network : store.all()) {
      new BridgeDevice(network.layout(defaults)).remove();
    }
    defaultNetwork.removeFromHost();
  }

  /** The user networks container {@code id} is connected to, its {@code --network} first. */
  public synchronized List<UserNetwork> networksOf(String id) {
    return store.all().stream().filter(n -> n.containers().containsKey(id)).toList();
  }

  // Gives the running container an address on the network and plugs it in.
  private void plug(UserNetwork network, Container container, boolean primary) throws IOException {
    BridgeConfig layout = network.layout(defaults);
    BridgeDevice device = new BridgeDevice(layout);
    String id = container.id();
    NetworkEndpoint endpoint;
    synchronized (this) {
      Allocations held = allocationsOf(network);
      held.remove(id);
      String ip = address(network, id, held);
      List<NetworkEndpoint.PublishedPort> published = primary && !network.internal()
          ? ports.map(container.options().network(), Set.of(), ip, this::anyNetworkHoldsPort) : List.of();
      endpoint = new NetworkEndpoint(network.name(), network.bridge(), ip, layout.subnet().prefixLength(),
          network.gateway(), Ipv4.mac(ip), published);
      held.put(id, endpoint);
    }
    try {
      device.plug(veth(network, id), container.pid(), primary ? "eth0" : BridgeDevice.nextInterface(container.pid()),
          endpoint.ip(), endpoint.mac(), primary);
      dnat.publish(endpoint);
    } catch (IOException | RuntimeException e) {
      unplug(network, id);
      throw e;
    }
  }

  // Frees the container's address and ports on the network and removes its veth; peers forget it.
  private void unplug(UserNetwork network, String id) throws IOException {
    Optional<NetworkEndpoint> gone;
    synchronized (this) {
      gone = allocationsOf(network).remove(id);
    }
    if (gone.isPresent()) {
      dnat.unpublish(gone.get());
    }
    new BridgeDevice(network.layout(defaults)).unplugVeth(veth(network, id));
    if (gone.isPresent()) {
      refreshPeers(network, id);
    }
  }

  // Rewrites the /etc/hosts of container id and of its peers on every user network it is on.
  private void refreshHosts(String id) throws IOException {
    writeHosts(id);
    for (UserNetwork network : networksOf(id)) {
      refreshPeers(network, id);
    }
  }

  private void refreshPeers(UserNetwork network, String except) {
    Map<String, NetworkEndpoint> peers;
    synchronized (this) {
      peers = allocationsOfQuietly(network).all();
    }
    for (String peer : peers.keySet()) {
      if (!peer.equals(except)) {
        try {
          writeHosts(peer);
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.WARNING, "could not update /etc/hosts of container " + peer, e);
        }
      }
    }
  }

  // localhost, --add-host, links, every peer on its user networks by name and aliases, then itself
  private void writeHosts(String id) throws IOException {
    Container container = containers.get(id);
    Path dir = containersDir.resolve(id);
    Optional<NetworkEndpoint> own = endpoint(id);
    if (own.isEmpty() || !Files.exists(dir.resolve("hosts"))) {
      return;
    }
    List<String> lines = new ArrayList<>();
    if (container.options().networkMode().equals(BridgeNetwork.NAME)) {
      lines.addAll(LegacyLinks.hosts(new LegacyLinks(containers).resolve(container, defaultNetwork::endpoint, false)));
    }
    for (UserNetwork network : networksOf(id)) {
      Map<String, NetworkEndpoint> peers;
      synchronized (this) {
        peers = allocationsOf(network).all();
      }
      for (Map.Entry<String, NetworkEndpoint> peer : peers.entrySet()) {
        if (!peer.getKey().equals(id)) {
          lines.add(peer.getValue().ip() + "\t" + String.join(" ", dnsNames(network, peer.getKey())));
        }
      }
    }
    String hostname = Files.readString(dir.resolve("hostname")).trim();
    etc.writeHosts(dir, container.options(), hostname, own.get().ip(), own.get().gateway(), lines);
  }

  // A container's names on a network, as dockerd's DNSNames: its name, its aliases, its short id, its hostname
  private List<String> dnsNames(UserNetwork network, String id) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    try {
      names.add(containers.get(id).name());
    } catch (IOException gone) {
      // removed meanwhile: its aliases still
    }
    names.addAll(network.containers().getOrDefault(id, List.of()));
    names.add(id.substring(0, 12));
    try {
      Path hostname = containersDir.resolve(id).resolve("hostname");
      if (Files.exists(hostname)) {
        names.add(Files.readString(hostname).trim());
      }
    } catch (IOException unreadable) {
      // its other names still
    }
    names.remove("");
    return List.copyOf(names);
  }

  private static String digest(String text) {
    return Digest.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)).encoded();
  }

  private UserNetwork store(UserNetwork network) throws IOException {
    return store.find(network.id()).orElseThrow(() -> notFound(network.name()));
  }

  // The network with the containers that still exist (a removed container's membership goes with it);
  // looked up without this object's lock, which the runtime's exit handling may want meanwhile
  private UserNetwork withExistingContainers(UserNetwork network) {
    List<String> gone = new ArrayList<>();
    for (String id : network.containers().keySet()) {
      try {
        containers.get(id);
      } catch (ContainerNotFoundException e) {
        gone.add(id);
      } catch (IOException unknown) {
        // kept
      }
    }
    if (gone.isEmpty() || containers == ContainerLookup.NONE) {
      return network;
    }
    synchronized (this) {
      Optional<UserNetwork> current = store.find(network.id());
      if (current.isEmpty()) {
        return network;
      }
      UserNetwork kept = current.get();
      for (String id : gone) {
        kept = kept.disconnecting(id);
      }
      try {
        store.put(kept);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "could not save network " + network.name(), e);
      }
      return kept;
    }
  }

  private Allocations allocationsOf(UserNetwork network) throws IOException {
    Allocations held = allocations.get(network.id());
    if (held == null) {
      held = Allocations.load(defaults.stateDir(), network.bridge());
      allocations.put(network.id(), held);
    }
    return held;
  }

  private Allocations allocationsOfQuietly(UserNetwork network) {
    try {
      return allocationsOf(network);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private synchronized boolean userNetworkHoldsPort(String protocol, String hostIp, int port) {
    return store.all().stream().anyMatch(n -> allocationsOfQuietly(n).holdsPort(protocol, hostIp, port));
  }

  private boolean anyNetworkHoldsPort(String protocol, String hostIp, int port) {
    return userNetworkHoldsPort(protocol, hostIp, port) || defaultNetwork.holdsPort(protocol, hostIp, port);
  }

  // The address container id asked for (--ip) when it is free, else the first free one no other member asked for
  private static String address(UserNetwork network, String id, Allocations held) throws IOException {
    Set<String> used = held.addresses();
    String asked = network.addresses().getOrDefault(id, "");
    if (!asked.isEmpty()) {
      if (used.contains(asked) || asked.equals(network.gateway())) {
        throw new ContainerConflictException("failed to set up container networking: Address already in use");
      }
      return asked;
    }
    Subnet subnet = network.parsedSubnet();
    for (int n = 2; n <= subnet.containerAddresses() + 1; n++) {
      if (!used.contains(subnet.address(n)) && !network.addresses().containsValue(subnet.address(n))) {
        return subnet.address(n);
      }
    }
    throw new IOException("no available IPv4 addresses on network " + network.name() + " (" + subnet + ")");
  }

  private Subnet freeSubnet() throws IOException {
    String routes = dev.berth.agent.host.HostCommand.run(Path.of("/"), List.of("ip", "-4", "route", "show"));
    for (int n = 0; n < 256; n++) {
      Subnet candidate = new Subnet(Ipv4.parse(USER_POOL) + (n << 8), 24);
      boolean taken = candidate.overlaps(defaults.subnet())
          || store.all().stream().anyMatch(other -> other.parsedSubnet().overlaps(candidate));
      for (String route : routes.split("\n")) {
        String destination = route.trim().split("\\s+")[0];
        if (!destination.isEmpty() && Character.isDigit(destination.charAt(0)) && candidate.overlaps(destination)) {
          taken = true;
        }
      }
      if (!taken) {
        return candidate;
      }
    }
    throw new IOException("could not find an available, non-overlapping IPv4 address pool among the defaults to"
        + " assign to the network");
  }

  // The host's end of a container's veth on a user network: vu, 4 digits of the network id, 9 of the container's
  private static String veth(UserNetwork network, String id) {
    return "vu" + network.id().substring(0, 4) + id.substring(0, 9);
  }

  private static IllegalArgumentException notFound(String name) {
    return new NetworkNotFoundException("network " + name + " not found");
  }

  /** A network that is not there (404). */
  public static final class NetworkNotFoundException extends IllegalArgumentException {
    NetworkNotFoundException(String message) {
      super(message);
    }
  }
}
