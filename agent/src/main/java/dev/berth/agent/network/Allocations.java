package dev.berth.agent.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The addresses and host ports given to the containers of one bridge, kept on disk so they
 * survive an agent restart (rules are set again from them, {@link BridgeNetwork#recover}).
 *
 * <pre>
 * &lt;stateDir&gt;/network/&lt;bridge&gt;.json   {"&lt;container id&gt;": {NetworkEndpoint}, …}, written atomically
 * </pre>
 *
 * Not thread-safe: its owner holds a lock.
 */
final class Allocations implements PortMapper.PortHolders {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final Map<String, NetworkEndpoint> endpoints;

  private Allocations(Path file, Map<String, NetworkEndpoint> endpoints) {
    this.file = file;
    this.endpoints = endpoints;
  }

  /** The allocations of {@code bridge} under {@code stateDir}, empty when none were saved. */
  static Allocations load(Path stateDir, String bridge) throws IOException {
    Path file = AtomicFiles.createPrivateDirectories(stateDir.resolve("network")).resolve(bridge + ".json");
    Optional<byte[]> bytes = AtomicFiles.readIfExists(file);
    Map<String, NetworkEndpoint> endpoints = new TreeMap<>();
    if (bytes.isPresent()) {
      endpoints.putAll(MAPPER.readValue(bytes.get(), new TypeReference<Map<String, NetworkEndpoint>>() {}));
    }
    return new Allocations(file, endpoints);
  }

  /** The container's endpoint, if it has one. */
  Optional<NetworkEndpoint> get(String id) {
    return Optional.ofNullable(endpoints.get(id));
  }

  /** Every endpoint by container id. */
  Map<String, NetworkEndpoint> all() {
    return Map.copyOf(endpoints);
  }

  /** The addresses in use. */
  Set<String> addresses() {
    return endpoints.values().stream().map(NetworkEndpoint::ip).collect(Collectors.toSet());
  }

  @Override
  public boolean holdsPort(String protocol, String hostIp, int port) {
    return endpoints.values().stream().flatMap(endpoint -> endpoint.ports().stream())
        .anyMatch(p -> p.protocol().equals(protocol) && p.hostPort() == port
            && PortMapper.overlap(p.hostIp(), hostIp));
  }

  /** Records {@code endpoint} for container {@code id} and saves. */
  void put(String id, NetworkEndpoint endpoint) throws IOException {
    endpoints.put(id, endpoint);
    save();
  }

  /** Forgets container {@code id}'s endpoint and saves; empty when it had none. */
  Optional<NetworkEndpoint> remove(String id) throws IOException {
    NetworkEndpoint removed = endpoints.remove(id);
    if (removed != null) {
      save();
    }
    return Optional.ofNullable(removed);
  }

  private void save() throws IOException {
    AtomicFiles.write(file, MAPPER.writeValueAsBytes(endpoints), AtomicFiles.OWNER_ONLY);
  }
}
