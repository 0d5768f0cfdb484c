package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.content.Digest;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.NetworkAttachment;
import dev.berth.agent.runtime.NetworkEndpoint;
import dev.berth.agent.runtime.NetworkEndpoint.PublishedPort;
import dev.berth.agent.runtime.NetworkOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A container's network as dockerd shows it: inspect's {@code NetworkSettings} (address, gateway,
 * MAC, {@code Networks} — every network it is on —, {@code Ports} — which {@code docker port} reads), the
 * {@code Ports} rows of {@code docker ps}, and the {@code HostConfig}/{@code Config} parts the
 * container was created with ({@code PortBindings}, DNS, {@code ExposedPorts}).
 */
final class NetworkSettingsJson {
  private NetworkSettingsJson() {}

  /**
   * Inspect's {@code NetworkSettings}; {@code endpoint} is the container's primary one while it runs
   * on a bridge, {@code attachments} every network it is on ({@code Networks}).
   */
  static ObjectNode inspect(Container container, Optional<NetworkEndpoint> endpoint, List<NetworkAttachment> attachments) {
    ObjectNode json = JsonReply.object();
    json.put("Bridge", "").put("SandboxID", "").put("SandboxKey", container.isRunning()
        ? "/proc/" + container.pid() + "/ns/net" : "");
    ObjectNode ports = json.putObject("Ports");
    if (endpoint.isPresent()) {
      for (String exposed : container.options().network().exposedPorts()) {
        ports.putNull(new NetworkOptions.PortBinding(exposed, "", "").port());
      }
      for (PublishedPort port : endpoint.get().ports()) {
        ArrayNode bindings = ports.get(port.key()) instanceof ArrayNode existing ? existing : ports.putArray(port.key());
        bindings.addObject().put("HostIp", port.hostIp()).put("HostPort", Integer.toString(port.hostPort()));
      }
    }
    json.put("HairpinMode", false).put("LinkLocalIPv6Address", "").put("LinkLocalIPv6PrefixLen", 0);
    json.putNull("SecondaryIPAddresses").putNull("SecondaryIPv6Addresses");
    ObjectNode networks = json.putObject("Networks");
    String mode = container.options().networkMode();
    if (mode.startsWith("container:")) {
      return json;
    }
    ObjectNode primary = entry(new NetworkAttachment(mode, endpoint.map(e -> id(e.bridge())).orElse(""),
        id(container.id()), List.of(), List.of(), "", endpoint));
    json.setAll(primary.deepCopy());
    json.remove(List.of("NetworkID", "IPAMConfig", "Links", "Aliases", "DriverOpts", "GwPriority", "DNSNames"));
    if (attachments.isEmpty()) {
      networks.set(mode, primary);
    }
    attachments.forEach(attachment -> networks.set(attachment.network(), entry(attachment)));
    return json;
  }

  /** The {@code Ports} rows of {@code docker ps}: published ports with their host side, exposed ones without. */
  static ArrayNode summary(Container container, Optional<NetworkEndpoint> endpoint) {
    ArrayNode rows = JsonReply.mapper().createArrayNode();
    if (endpoint.isEmpty()) {
      return rows;
    }
    for (PublishedPort port : endpoint.get().ports()) {
      rows.addObject().put("IP", port.hostIp()).put("PrivatePort", port.containerPort())
          .put("PublicPort", port.hostPort()).put("Type", port.protocol());
    }
    for (String exposed : container.options().network().exposedPorts()) {
      String key = new NetworkOptions.PortBinding(exposed, "", "").port();
      if (endpoint.get().ports().stream().noneMatch(p -> p.key().equals(key))) {
        String[] parts = key.split("/");
        rows.addObject().put("PrivatePort", Integer.parseInt(parts[0])).put("Type", parts[1]);
      }
    }
    return rows;
  }

  /** Adds {@code PortBindings}, {@code PublishAllPorts}, DNS, {@code ExtraHosts} and {@code Links} of container {@code name} to inspect's {@code HostConfig}. */
  static void hostConfig(ObjectNode host, NetworkOptions options, String name) {
    ObjectNode bindings = host.putObject("PortBindings");
    for (NetworkOptions.PortBinding binding : options.portBindings()) {
      ArrayNode list = bindings.get(binding.port()) instanceof ArrayNode existing ? existing
          : bindings.putArray(binding.port());
      list.addObject().put("HostIp", binding.hostIp()).put("HostPort", binding.hostPort());
    }
    host.put("PublishAllPorts", options.publishAll());
    host.set("Dns", strings(options.dns()));
    host.set("DnsOptions", strings(options.dnsOptions()));
    host.set("DnsSearch", strings(options.dnsSearch()));
    host.set("ExtraHosts", options.extraHosts().isEmpty() ? null : strings(options.extraHosts()));
    host.set("Links", options.links().isEmpty() ? null : strings(options.links().stream()
        .map(link -> "/" + link.substring(0, link.indexOf(':')) + ":/" + name + "/" + link.substring(link.indexOf(':') + 1))
        .toList()));
  }

  /** Adds {@code ExposedPorts} (when there are) to inspect's {@code Config}. */
  static void config(ObjectNode config, NetworkOptions options) {
    if (!options.exposedPorts().isEmpty()) {
      ObjectNode exposed = config.putObject("ExposedPorts");
      options.exposedPorts().forEach(port -> exposed.putObject(new NetworkOptions.PortBinding(port, "", "").port()));
    }
  }

  // One Networks.<name> entry (EndpointSettings); its address fields empty when not connected (stopped).
  private static ObjectNode entry(NetworkAttachment attachment) {
    Optional<NetworkEndpoint> endpoint = attachment.endpoint();
    ObjectNode json = JsonReply.object();
    if (attachment.ipv4Address().isEmpty()) {
      json.putNull("IPAMConfig");
    } else {
      json.putObject("IPAMConfig").put("IPv4Address", attachment.ipv4Address());
    }
    json.putNull("Links");
    json.set("Aliases", attachment.aliases().isEmpty() ? null : strings(attachment.aliases()));
    json.put("MacAddress", endpoint.map(NetworkEndpoint::mac).orElse(""));
    json.putNull("DriverOpts");
    json.put("GwPriority", 0);
    json.put("NetworkID", attachment.networkId());
    json.put("EndpointID", endpoint.isPresent() ? attachment.endpointId() : "");
    json.put("Gateway", endpoint.map(NetworkEndpoint::gateway).orElse(""));
    json.put("IPAddress", endpoint.map(NetworkEndpoint::ip).orElse(""));
    json.put("IPPrefixLen", endpoint.map(NetworkEndpoint::prefixLength).orElse(0));
    json.put("IPv6Gateway", "").put("GlobalIPv6Address", "").put("GlobalIPv6PrefixLen", 0);
    json.set("DNSNames", attachment.dnsNames().isEmpty() ? null : strings(attachment.dnsNames()));
    return json;
  }

  // A stable 64-hex id for the network or endpoint named by text.
  private static String id(String text) {
    return Digest.of(text.getBytes(StandardCharsets.UTF_8)).encoded();
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JsonReply.mapper().createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
