package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.HealthConfig;
import dev.berth.agent.runtime.NetworkOptions;
import dev.berth.agent.runtime.ResourceLimits;
import dev.berth.agent.runtime.RestartPolicy;
import dev.berth.agent.volume.MountRequest;
import dev.berth.agent.volume.MountSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: Docker's ContainerConfig (with its Healthcheck) and HostConfig
 * (of NetworkingConfig, the aliases on the container's network), read into {@link CreateOptions}.
 */
public final class CreateRequest {
  private CreateRequest() {}

  /** The options {@code body} asks for, for a container named {@code name} (null: generated). */
  public static CreateOptions options(JsonNode body, String name) {
    String image = body.path("Image").asText("");
    if (image.isEmpty()) {
      throw new IllegalArgumentException("No image was specified for the container");
    }
    JsonNode host = body.path("HostConfig");
    SecurityOptions security = SecurityOptions.parse(strings(host.get("SecurityOpt")));
    CreateOptions.Builder options = CreateOptions.builder(image).name(name)
        .cmd(strings(body.get("Cmd")).toArray(String[]::new))
        .env(strings(body.get("Env")).toArray(String[]::new))
        .workingDir(emptyToNull(body.path("WorkingDir").asText("")))
        .user(emptyToNull(body.path("User").asText("")))
        .hostname(emptyToNull(body.path("Hostname").asText("")))
        .tty(body.path("Tty").asBoolean())
        .openStdin(body.path("OpenStdin").asBoolean())
        .stdinOnce(body.path("StdinOnce").asBoolean())
        .labels(stringMap(body.get("Labels")))
        .stopSignal(emptyToNull(body.path("StopSignal").asText("")))
        .stopTimeout(body.hasNonNull("StopTimeout") ? body.get("StopTimeout").asInt() : null)
        .networkMode(networkMode(host.path("NetworkMode").asText("")))
        .capAdd(strings(host.get("CapAdd")).toArray(String[]::new))
        .capDrop(strings(host.get("CapDrop")).toArray(String[]::new))
        .privileged(host.path("Privileged").asBoolean())
        .readOnlyRootfs(host.path("ReadonlyRootfs").asBoolean())
        .noNewPrivileges(security.noNewPrivileges())
        .seccomp(security.seccomp())
        .limits(new ResourceLimits(host.path("Memory").asLong(), host.path("MemorySwap").asLong(),
            host.path("NanoCpus").asLong(), host.path("CpuShares").asLong(), host.path("PidsLimit").asLong(),
            host.path("CpuQuota").asLong(), host.path("CpuPeriod").asLong()))
        .restartPolicy(new RestartPolicy(host.path("RestartPolicy").path("Name").asText(""),
            host.path("RestartPolicy").path("MaximumRetryCount").asInt()))
        .autoRemove(host.path("AutoRemove").asBoolean())
        .tmpfs(stringMap(host.get("Tmpfs")))
        .init(host.path("Init").asBoolean())
        .ulimits(ulimits(host.get("Ulimits")))
        .healthcheck(HealthConfig.of(body.get("Healthcheck")))
        .mounts(new MountRequest(strings(host.get("Binds")), mountSpecs(host.get("Mounts")),
            strings(host.get("VolumesFrom")), keys(body.get("Volumes"))))

        .network(network(body, host));
    if (body.hasNonNull("Entrypoint")) {
      options.entrypoint(strings(body.get("Entrypoint")).toArray(String[]::new));
    }
    return options.build();
  }

  // HostConfig.PortBindings {"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}, PublishAllPorts, ExposedPorts, Dns*, ExtraHosts
  private static NetworkOptions network(JsonNode body, JsonNode host) {
    List<NetworkOptions.PortBinding> bindings = new ArrayList<>();
    JsonNode ports = host.path("PortBindings");
    if (ports.isObject()) {
      ports.fields().forEachRemaining(port -> {
        if (port.getValue().isArray() && !port.getValue().isEmpty()) {
          port.getValue().forEach(binding -> bindings.add(new NetworkOptions.PortBinding(port.getKey(),
              binding.path("HostIp").asText(""), binding.path("HostPort").asText(""))));
        } else {
          bindings.add(new NetworkOptions.PortBinding(port.getKey(), "", ""));
        }
      });
    }
    List<String> exposed = new ArrayList<>();
    if (body.path("ExposedPorts").isObject()) {
      body.get("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
    }
    JsonNode endpoint = endpointConfig(body, host.path("NetworkMode").asText(""));
    return new NetworkOptions(bindings, host.path("PublishAllPorts").asBoolean(), exposed, strings(host.get("Dns")),
        strings(host.get("DnsSearch")), strings(host.get("DnsOptions")), strings(host.get("ExtraHosts")),
        strings(host.get("Links")), strings(endpoint.get("Aliases")),
        endpoint.path("IPAMConfig").path("IPv4Address").asText(""));
  }

  // NetworkingConfig.EndpointsConfig.<network>: Aliases (--network-alias), IPAMConfig.IPv4Address (--ip)
  private static JsonNode endpointConfig(JsonNode body, String mode) {
    JsonNode endpoints = body.path("NetworkingConfig").path("EndpointsConfig");
    JsonNode endpoint = endpoints.path(mode.isEmpty() ? "default" : mode);
    if (endpoint.isMissingNode() && endpoints.size() == 1) {
      endpoint = endpoints.elements().next();
    }
    return endpoint;
  }

  private static String networkMode(String mode) {
    if (mode.startsWith(CreateOptions.CONTAINER_NETWORK)) {
      if (mode.length() == CreateOptions.CONTAINER_NETWORK.length()) {
        throw new IllegalArgumentException("invalid container format container:<name|id>");
      }
      return mode;
    }
    return switch (mode) {
      case "", "default", "bridge" -> "bridge";
      case "none" -> "none";
      case "host" -> "host";
      default -> mode; // a user-defined network, checked by the runtime's networking
    };
  }

  private static CreateOptions.Ulimit[] ulimits(JsonNode node) {
    List<CreateOptions.Ulimit> ulimits = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(limit -> ulimits.add(new CreateOptions.Ulimit(limit.path("Name").asText(""),
          limit.path("Soft").asLong(), limit.path("Hard").asLong())));
    }
    return ulimits.toArray(CreateOptions.Ulimit[]::new);
  }

  private static List<MountSpec> mountSpecs(JsonNode node) {
    List<MountSpec> mounts = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode mount : node) {
        try {
          mounts.add(JsonReply.mapper().treeToValue(mount, MountSpec.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("invalid mount config: " + e.getOriginalMessage());
        }
      }
    }
    return mounts;
  }

  // Config.Volumes: {"/path": {}}
  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    if (node != null && node.isObject()) {
      node.fieldNames().forEachRemaining(keys::add);
    }
    return keys;
  }

  /** A JSON array of strings (or one string, as Docker's StrSlice allows) as a list; null: empty. */
  static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (node.isTextual()) {
      values.add(node.asText());
    } else {
      node.forEach(value -> values.add(value.asText()));
    }
    return values;
  }

  private static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(field -> labels.put(field.getKey(), field.getValue().asText()));
    }
    return labels;
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }
}
