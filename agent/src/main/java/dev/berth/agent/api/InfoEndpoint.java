package dev.berth.agent.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.host.HostFacts;
import dev.berth.agent.registry.InsecureRegistries;
import dev.berth.agent.runtime.ContainerCounts;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** {@code GET /info}: system-wide information in Docker's SystemInfo shape (API 1.47). */
public final class InfoEndpoint implements DockerEndpoint {

  private final Supplier<HostFacts> facts;
  private final String engineId;
  private final Path dataDir;
  private final IntSupplier imageCount;
  private final Supplier<ContainerCounts> containerCounts;
  private final InsecureRegistries insecureRegistries;

  /**
   * Returns the endpoint for the host of {@code facts}, whose engine ID, data dir, image and
   * container counts and insecure registries are given.
   */
  public InfoEndpoint(Supplier<HostFacts> facts, String engineId, Path dataDir, IntSupplier imageCount,
      Supplier<ContainerCounts> containerCounts, InsecureRegistries insecureRegistries) {
    this.facts = facts;
    this.engineId = engineId;
    this.dataDir = dataDir.toAbsolutePath();
    this.imageCount = imageCount;
    this.containerCounts = containerCounts;
    this.insecureRegistries = insecureRegistries;
  }

  @Override
  public void handle(DockerRequest request, Map<String, String> pathVariables, DockerResponse response)
      throws IOException {
    HostFacts host = facts.get();
    ObjectNode info = JsonReply.object();
    info.put("ID", engineId);
    ContainerCounts containers = containerCounts.get();
    info.put("Containers", containers.total()).put("ContainersRunning", containers.running())
        .put("ContainersPaused", containers.paused()).put("ContainersStopped", containers.stopped())
        .put("Images", imageCount.getAsInt());
    info.put("Driver", "overlay2");
    info.putArray("DriverStatus")
        .add(JsonReply.mapper().createArrayNode().add("Backing Filesystem")
            .add(EngineDescription.backingFilesystem(host.diskFilesystem())))
        .add(JsonReply.mapper().createArrayNode().add("Supports d_type").add("true"));
    info.put("DockerRootDir", dataDir.toString());
    ObjectNode plugins = info.putObject("Plugins");
    plugins.putArray("Volume").add("local");
    plugins.putArray("Network").add("bridge").add("host").add("none");
    plugins.putNull("Authorization");
    plugins.putArray("Log").add("k8s-file");
    putResourceControls(info, host.cgroupVersion());
    info.put("Debug", false);
    info.put("NFd", openFileDescriptors());
    info.put("NGoroutines", Thread.activeCount());
    info.put("SystemTime", OffsetDateTime.now(ZoneOffset.UTC).toString());
    info.put("LoggingDriver", "k8s-file");
    info.put("CgroupDriver", "cgroupfs");
    info.put("CgroupVersion", Integer.toString(host.cgroupVersion()));
    info.put("NEventsListener", 0);
    info.put("KernelVersion", host.kernelVersion());
    info.put("OperatingSystem", host.operatingSystem());
    info.put("OSVersion", "");
    info.put("OSType", "linux");
    info.put("Architecture", EngineDescription.machine(host.architecture()));
    info.put("IndexServerAddress", "https://index.docker.io/v1/");
    putRegistryConfig(info, insecureRegistries);
    info.put("NCPU", host.cpuCount());
    info.put("MemTotal", host.memoryTotalBytes());
    info.putNull("GenericResources");
    info.put("HttpProxy", "").put("HttpsProxy", "").put("NoProxy", "");
    info.put("Name", host.hostname());
    info.putArray("Labels");
    info.put("ExperimentalBuild", false);
    info.put("ServerVersion", EngineDescription.version());
    info.putObject("Runtimes").putObject("runc").put("path", "runc");
    info.put("DefaultRuntime", "runc");
    info.putObject("Swarm").put("NodeID", "").put("NodeAddr", "").put("LocalNodeState", "inactive")
        .put("ControlAvailable", false).put("Error", "").putNull("RemoteManagers");
    // conmon keeps containers running while the agent restarts.
    info.put("LiveRestoreEnabled", true);
    info.put("Isolation", "");
    info.put("InitBinary", "");
    putCommit(info, "ContainerdCommit", "");
    putCommit(info, "RuncCommit", EngineDescription.versionNumber(host.runcVersion()));
    putCommit(info, "InitCommit", "");
    info.putArray("SecurityOptions").add("name=seccomp,profile=builtin"); // every container gets Docker's default
    info.putArray("CDISpecDirs");
    info.putArray("Warnings");
    JsonReply.send(response, 200, info);
  }

  private static void putResourceControls(ObjectNode info, int cgroupVersion) {
    info.put("MemoryLimit", true);
    info.put("SwapLimit", cgroupVersion == 2);
    info.put("CpuCfsPeriod", true);
    info.put("CpuCfsQuota", true);
    info.put("CPUShares", true);
    info.put("CPUSet", true);
    info.put("PidsLimit", true);
    info.put("OomKillDisable", cgroupVersion == 1);
    info.put("IPv4Forwarding", true);
  }

  /** dockerd's registry settings: the insecure CIDRs, and an index config per insecure name and docker.io (sorted, as Go's maps marshal). */
  private static void putRegistryConfig(ObjectNode info, InsecureRegistries insecure) {
    ObjectNode registry = info.putObject("RegistryConfig");
    registry.putArray("AllowNondistributableArtifactsCIDRs");
    registry.putArray("AllowNondistributableArtifactsHostnames");
    insecure.cidrs().forEach(registry.putArray("InsecureRegistryCIDRs")::add);
    TreeMap<String, Boolean> secure = new TreeMap<>(Map.of("docker.io", true));
    insecure.names().forEach(name -> secure.putIfAbsent(name, false));
    ObjectNode indexes = registry.putObject("IndexConfigs");
    secure.forEach((name, isSecure) -> {
      ObjectNode index = indexes.putObject(name).put("Name", name);
      index.putArray("Mirrors");
      index.put("Secure", isSecure).put("Official", isSecure);
    });
    registry.putArray("Mirrors");
  }

  private static void putCommit(ObjectNode info, String field, String id) {
    info.putObject(field).put("ID", id).put("Expected", id);
  }

  private static int openFileDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? 0 : fds.length;
  }
}
