package dev.berth.agent.api.networks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.content.Digest;
import dev.berth.agent.network.BridgeNetwork;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.network.UserNetwork;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.NetworkEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A network as dockerd shows it in {@code docker network ls} and {@code inspect}: Name, Id, Created,
 * Scope local, Driver ({@code bridge}, {@code host}, {@code null}), IPAM with the subnet and
 * gateway, Internal, Attachable, Containers (address and MAC of each running container on it),
 * Options and Labels.
 */
final class NetworkJson {
  private static final String PREDEFINED_CREATED = "1970-01-01T00:00:00Z";

  private NetworkJson() {}

  /** Every network of the host: the predefined ones, then the user-defined ones. */
  static List<ObjectNode> all(HostNetworks networks, ContainerRuntime containers) throws IOException {
    List<ObjectNode> all = new ArrayList<>();
    for (String name : HostNetworks.PREDEFINED) {
      all.add(predefined(networks, containers, name));
    }
    for (UserNetwork network : networks.userNetworks()) {
      all.add(user(networks, containers, network));
    }
    return all;
  }

  /** The predefined network {@code name} ({@code bridge}, {@code host} or {@code none}). */
  static ObjectNode predefined(HostNetworks networks, ContainerRuntime containers, String name) throws IOException {
    boolean bridge = name.equals(BridgeNetwork.NAME);
    ObjectNode json = common(name, networks.predefinedId(name), PREDEFINED_CREATED,
        bridge ? "bridge" : name.equals("host") ? "host" : "null", false);
    if (bridge) {
      ipam(json, networks.defaultNetwork().config().subnet().toString(),
          networks.defaultNetwork().config().subnet().gateway());
      containers(json, containers, networks.defaultNetwork().endpoints());
      json.putObject("Options").put("com.docker.network.bridge.default_bridge", "true")
          .put("com.docker.network.bridge.enable_icc", "true").put("com.docker.network.bridge.enable_ip_masquerade", "true")
          .put("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0")
          .put("com.docker.network.bridge.name", networks.defaultNetwork().config().bridge())
          .put("com.docker.network.driver.mtu", "1500");
    } else {
      json.putObject("IPAM").put("Driver", "default").putNull("Options").putArray("Config");
      json.putObject("Containers");
      json.putObject("Options");
    }
    json.putObject("Labels");
    return json;
  }

  /** A user-defined network. */
  static ObjectNode user(HostNetworks networks, ContainerRuntime containers, UserNetwork network) throws IOException {
    ObjectNode json = common(network.name(), network.id(), network.created(), "bridge", network.internal());
    ipam(json, network.subnet(), network.gateway());
    containers(json, containers, networks.endpoints(network));
    json.putObject("Options").put("com.docker.network.bridge.name", network.bridge());
    ObjectNode labels = json.putObject("Labels");
    network.labels().forEach(labels::put);
    return json;
  }

  private static ObjectNode common(String name, String id, String created, String driver, boolean internal) {
    ObjectNode json = JsonReply.object();
    json.put("Name", name).put("Id", id).put("Created", created).put("Scope", "local").put("Driver", driver)
        .put("EnableIPv4", true).put("EnableIPv6", false);
    json.put("Internal", internal).put("Attachable", false).put("Ingress", false);
    json.putObject("ConfigFrom").put("Network", "");
    json.put("ConfigOnly", false);
    return json;
  }

  private static void ipam(ObjectNode json, String subnet, String gateway) {
    ObjectNode ipam = json.putObject("IPAM").put("Driver", "default");
    ipam.putNull("Options");
    ipam.putArray("Config").addObject().put("Subnet", subnet).put("Gateway", gateway);
  }

  private static void containers(ObjectNode json, ContainerRuntime containers, Map<String, NetworkEndpoint> endpoints) {
    ObjectNode map = json.putObject("Containers");
    endpoints.forEach((id, endpoint) -> {
      String name;
      try {
        Container container = containers.get(id);
        name = container.name();
      } catch (IOException gone) {
        return;
      }
      map.putObject(id).put("Name", name)
          .put("EndpointID", Digest.of((endpoint.bridge() + id).getBytes(StandardCharsets.UTF_8)).encoded())
          .put("MacAddress", endpoint.mac()).put("IPv4Address", endpoint.ip() + "/" + endpoint.prefixLength())
          .put("IPv6Address", "");
    });
  }
}
