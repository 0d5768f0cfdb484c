package dev.berth.agent.api.containers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.JsonReply;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.ResourceLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Inspect's {@code Config} and {@code HostConfig} objects: what the container was created with, merged with its image as dockerd merges. */
final class ContainerConfigJson {
  private ContainerConfigJson() {}

  /** {@code Config}: the create options over the image's config ({@code image} may be null when it is gone). */
  static ObjectNode config(Container container, ContainerConfig image, List<String> argv) {
    CreateOptions options = container.options();
    ContainerConfig base = image == null ? new ContainerConfig() : image;
    ObjectNode config = JsonReply.object();
    config.put("Hostname", options.hostname() != null ? options.hostname() : container.shortId());
    config.put("Domainname", "");
    config.put("User", options.user() != null ? options.user() : base.user == null ? "" : base.user);
    config.put("AttachStdin", false).put("AttachStdout", !options.tty()).put("AttachStderr", !options.tty());
    config.put("Tty", options.tty()).put("OpenStdin", options.openStdin()).put("StdinOnce", options.stdinOnce());
    config.set("Env", strings(env(base.env, options.env())));
    boolean entrypointGiven = options.entrypoint() != null;
    List<String> entrypoint = entrypointGiven ? options.entrypoint() : base.entrypoint;
    List<String> cmd = !options.cmd().isEmpty() ? options.cmd() : entrypointGiven ? null : base.cmd;
    config.set("Cmd", cmd == null ? null : strings(cmd));
    if (options.healthcheck() != null) {
      config.set("Healthcheck", JsonReply.mapper().valueToTree(options.healthcheck()));
    }
    NetworkSettingsJson.config(config, options.network());
    config.put("Image", container.imageRef());
    config.set("Volumes", ContainerMountsJson.volumes(container, base));
    config.put("WorkingDir", options.workingDir() != null ? options.workingDir() : base.workingDir == null ? "" : base.workingDir);
    config.set("Entrypoint", entrypoint == null || entrypoint.isEmpty() ? null : strings(entrypoint));
    config.putNull("OnBuild");
    Map<String, String> labels = new LinkedHashMap<>(base.labels == null ? Map.of() : base.labels);
    labels.putAll(options.labels());
    config.set("Labels", JsonReply.mapper().valueToTree(labels));
    if (options.stopSignal() != null) {
      config.put("StopSignal", options.stopSignal());
    }
    if (options.stopTimeout() != null) {
      config.put("StopTimeout", options.stopTimeout());
    }
    return config;
  }

  /** {@code HostConfig}: the host-side options (limits, capabilities, network mode, restart policy). */
  static ObjectNode hostConfig(Container container) {
    CreateOptions options = container.options();
    ObjectNode host = JsonReply.object();
    ContainerMountsJson.binds(container, host);
    host.put("NetworkMode", options.networkMode());
    NetworkSettingsJson.hostConfig(host, options.network(), container.name());
    host.putObject("RestartPolicy").put("Name", options.restartPolicy().name())
        .put("MaximumRetryCount", options.restartPolicy().maximumRetryCount());
    host.put("AutoRemove", options.autoRemove());
    host.set("CapAdd", options.capAdd().isEmpty() ? null : strings(options.capAdd()));
    host.set("CapDrop", options.capDrop().isEmpty() ? null : strings(options.capDrop()));
    host.put("Privileged", options.privileged());
    host.put("ReadonlyRootfs", options.readOnlyRootfs());
    List<String> security = SecurityOptions.render(options.noNewPrivileges(), options.seccomp());
    host.set("SecurityOpt", security.isEmpty() ? null : strings(security));
    ResourceLimits limits = options.limits();
    // dockerd stores twice the memory as memory+swap when a memory limit came without one
    host.put("Memory", limits.memory()).put("MemorySwap", limits.memory() > 0 ? limits.effectiveSwap() : limits.memorySwap());
    host.put("NanoCpus", limits.nanoCpus()).put("CpuShares", limits.cpuShares());
    host.put("CpuPeriod", limits.cpuPeriod()).put("CpuQuota", limits.cpuQuota());
    if (options.limits().pidsLimit() > 0) {
      host.put("PidsLimit", options.limits().pidsLimit());
    } else {
      host.putNull("PidsLimit");
    }
    if (options.init()) {
      host.put("Init", true);
    }
    if (!options.tmpfs().isEmpty()) {
      ObjectNode tmpfs = host.putObject("Tmpfs");
      options.tmpfs().forEach(tmpfs::put);
    }
    ArrayNode ulimits = host.putArray("Ulimits");
    options.ulimits().forEach(limit -> ulimits.addObject().put("Name", limit.name()).put("Soft", limit.soft())
        .put("Hard", limit.hard()));
    host.putObject("LogConfig").put("Type", "k8s-file").putObject("Config");
    host.put("IpcMode", "private").put("PidMode", "").put("UTSMode", "").put("Runtime", "runc");
    ContainerMountsJson.hostMounts(container, host);
    return host;
  }

  // The image's environment with the given KEY=value pairs replacing same-named ones, as dockerd merges.
  private static List<String> env(List<String> image, List<String> given) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String pair : image == null ? List.<String>of() : image) {
      merged.put(pair.split("=", 2)[0], pair);
    }
    for (String pair : given) {
      merged.put(pair.split("=", 2)[0], pair);
    }
    return new ArrayList<>(merged.values());
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode array = JsonReply.mapper().createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
