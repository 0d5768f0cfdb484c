package dev.berth.agent.network;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.storage.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The host's user-defined networks, kept on disk:
 *
 * <pre>
 * &lt;stateDir&gt;/network/&lt;chain prefix&gt;-networks.json   {"&lt;network id&gt;": {UserNetwork}, …}, written atomically
 * </pre>
 *
 * (named after the chain prefix, so a test agent's networks are its own). Not thread-safe: its
 * owner holds a lock.
 */
final class NetworkStore {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final Map<String, UserNetwork> networks;

  private NetworkStore(Path file, Map<String, UserNetwork> networks) {
    this.file = file;
    this.networks = networks;
  }

  /** The networks of {@code config}'s prefix, none when none were saved. */
  static NetworkStore load(BridgeConfig config) throws IOException {
    Path file = AtomicFiles.createPrivateDirectories(config.stateDir().resolve("network"))
        .resolve(config.chainPrefix() + "-networks.json");
    Map<String, UserNetwork> networks = new TreeMap<>();
    Optional<byte[]> bytes = AtomicFiles.readIfExists(file);
    if (bytes.isPresent()) {
      networks.putAll(MAPPER.readValue(bytes.get(), new TypeReference<Map<String, UserNetwork>>() {}));
    }
    return new NetworkStore(file, networks);
  }

  /** Every network, oldest first. */
  List<UserNetwork> all() {
    List<UserNetwork> all = new ArrayList<>(networks.values());
    all.sort(java.util.Comparator.comparing(UserNetwork::created));
    return all;
  }

  /** The network by full id, name, or unique id prefix. */
  Optional<UserNetwork> find(String idOrName) {
    if (networks.containsKey(idOrName)) {
      return Optional.of(networks.get(idOrName));
    }
    Optional<UserNetwork> byName = networks.values().stream().filter(n -> n.name().equals(idOrName)).findFirst();
    if (byName.isPresent()) {
      return byName;
    }
    List<UserNetwork> byPrefix = networks.values().stream().filter(n -> n.id().startsWith(idOrName)).toList();
    return byPrefix.size() == 1 && !idOrName.isEmpty() ? Optional.of(byPrefix.get(0)) : Optional.empty();
  }

  /** Records {@code network} (new or changed) and saves. */
  void put(UserNetwork network) throws IOException {
    networks.put(network.id(), network);
    save();
  }

  /** Forgets the network and saves. */
  void remove(String id) throws IOException {
    networks.remove(id);
    save();
  }

  private void save() throws IOException {
    AtomicFiles.write(file, MAPPER.writeValueAsBytes(networks), AtomicFiles.OWNER_ONLY);
  }
}
