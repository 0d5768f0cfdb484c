package dev.berth.agent;

import dev.berth.agent.api.DockerApiRouter;
import dev.berth.util.Lazy;
import dev.berth.agent.api.images.ImageListJson;
import dev.berth.agent.api.images.ImageRoutes;
import dev.berth.agent.api.build.BuildEndpoint;
import dev.berth.agent.build.ImageBuilder;
import dev.berth.agent.image.ImageFilters;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.runtime.ContainerCounts;
import dev.berth.agent.runtime.ContainerImageUsers;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.HostRlimits;
import dev.berth.agent.runtime.RuntimeSettings;
import dev.berth.agent.runtime.SpecGenerator;
import dev.berth.agent.api.containers.ContainerListJson;
import dev.berth.agent.api.containers.ContainerRoutes;
import dev.berth.agent.api.volumes.VolumeRoutes;
import dev.berth.agent.volume.ContainerVolumes;
import dev.berth.agent.volume.VolumeService;
import dev.berth.agent.volume.VolumeStore;
import dev.berth.agent.volume.backup.VolumeBackup;
import dev.berth.agent.api.events.EventsEndpoint;
import dev.berth.agent.events.EventLog;
import dev.berth.agent.link.InventoryReporter;
import dev.berth.link.message.InventoryReport;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.berth.agent.network.BridgeConfig;
import dev.berth.agent.network.HostNetworks;
import dev.berth.agent.api.networks.NetworkRoutes;
import dev.berth.agent.runtime.ContainerNetworking;
import java.util.Optional;
import dev.berth.agent.api.DockerRoute;
import dev.berth.agent.api.EngineId;
import dev.berth.agent.api.InfoEndpoint;
import dev.berth.agent.api.PingEndpoint;
import dev.berth.agent.api.VersionEndpoint;
import dev.berth.agent.api.containers.ContainerListJson;
import dev.berth.agent.api.containers.ContainerRoutes;
import dev.berth.agent.api.events.EventsEndpoint;
import dev.berth.agent.api.images.ImageListJson;
import dev.berth.agent.api.images.ImageRoutes;
import dev.berth.agent.enroll.AgentCredential;
import dev.berth.agent.enroll.CredentialStore;
import dev.berth.agent.events.EventLog;
import dev.berth.agent.fleetjob.FleetJobs;
import dev.berth.agent.host.HostFacts;
import dev.berth.agent.host.HostFactsCache;
import dev.berth.agent.host.HostFactsCollector;
import dev.berth.agent.host.HostFactsJobHandler;
import dev.berth.agent.host.HostStatsSampler;
import dev.berth.agent.image.ImageFilters;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.job.EchoJobHandler;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.job.JobLedger;
import dev.berth.agent.job.JobRunner;
import dev.berth.agent.job.SleepJobHandler;
import dev.berth.agent.link.InventoryReporter;
import dev.berth.agent.network.BridgeConfig;
import dev.berth.agent.registry.InsecureRegistries;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.runtime.ContainerCounts;
import dev.berth.agent.runtime.ContainerImageUsers;
import dev.berth.agent.runtime.ContainerNetworking;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.HostRlimits;
import dev.berth.agent.runtime.RuntimeSettings;
import dev.berth.agent.runtime.SpecGenerator;
import dev.berth.agent.state.AgentLayout;
import dev.berth.agent.tls.AgentTls;
import dev.berth.agent.tls.ControlPlaneHttp;
import dev.berth.link.message.InventoryReport;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import dev.berth.storage.AtomicFiles;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.lang.System.Logger.Level;

/**
 * The agent's working parts, built from its configuration: what the link hands jobs to and
 * Docker API streams to.
 *
 * @param layout where the agent keeps its files
 * @param hostFacts the host's facts, cached briefly
 * @param jobs runs jobs exactly once
 * @param images the host's images
 * @param containers the host's containers
 * @param volumes the host's volumes
 * @param events what happened to images and containers ({@code docker events})
 * @param inventory reports images, containers, volumes and networks to the control plane
 * @param timer one small scheduler for the agent's periodic work (heartbeats, inventory)
 * @param dockerApi answers Docker Engine API requests
 */
public record AgentComponents(AgentLayout layout, Supplier<HostFacts> hostFacts, JobRunner jobs,
    ImageService images, ContainerRuntime containers, VolumeService volumes, EventLog events, InventoryReporter inventory,
    ScheduledExecutorService timer, DockerApiRouter dockerApi) implements AutoCloseable {

  /** Jobs run at most this many at once; more wait in line. */
  public static final int JOB_THREADS = 4;
  /** Containers are reported this often besides their changes, so their status texts stay current. */
  static final Duration CONTAINER_REPORT_PERIOD = Duration.ofSeconds(30);
  /** The host's load is reported this often: often enough for a chart of the last minutes, rare enough for a quiet link. */
  static final Duration HOST_STATS_PERIOD = Duration.ofSeconds(10);

  /** Builds every part for {@code config}, creating the state directory if needed. */
  public static AgentComponents create(AgentConfig config) throws IOException {
    AgentLayout layout = new AgentLayout(config.dataDir());
    return create(config, RuntimeSettings.DEFAULT_CGROUP_PARENT,
        Optional.of(BridgeConfig.fromEnvironment(layout.stateDir(), System.getenv())));
  }

  /** {@link #create(AgentConfig)} with containers' cgroups under {@code cgroupParent} and no bridge network (tests). */
  public static AgentComponents create(AgentConfig config, String cgroupParent) throws IOException {
    return create(config, cgroupParent, Optional.empty());
  }

  /**
   * {@link #create(AgentConfig)} with containers' cgroups under {@code cgroupParent} and the default
   * network laid out by {@code bridge} (none: bridge containers get a namespace with a loopback only).
   */
  public static AgentComponents create(AgentConfig config, String cgroupParent, Optional<BridgeConfig> bridge)
      throws IOException {
    AgentLayout layout = new AgentLayout(config.dataDir());
    AtomicFiles.createPrivateDirectories(layout.stateDir());
    HostFactsCollector collector = new HostFactsCollector(layout.dataDir());
    HostFactsCache facts = new HostFactsCache(collector, Duration.ofSeconds(10));
    ContainerImageUsers users = new ContainerImageUsers();
    EventLog events = EventLog.open(layout.eventsJournal());
    ImageService images = ImageService.open(layout, users, events);
    VolumeService volumes = new VolumeService(new VolumeStore(layout.volumesDir()), events);
    ContainerVolumes containerVolumes = new ContainerVolumes(volumes);
    Optional<HostNetworks> network = bridge.isPresent()
        ? Optional.of(new HostNetworks(bridge.get(), layout.containersDir())) : Optional.empty();
    ContainerRuntime containers = new ContainerRuntime(RuntimeSettings.of(layout).withCgroupParent(cgroupParent),
        images, new SpecGenerator(HostRlimits.ofThisProcess(), cgroupParent, () -> facts.get().hostname()), events,
        containerVolumes, network.map(ContainerNetworking.class::cast).orElse(ContainerNetworking.NONE));
    network.ifPresent(n -> n.useContainers(containers::get));
    users.bind(containers);
    containerVolumes.bind(containers);
    images.store().setImagesInUse(users::imagesInUse);
    Map<String, JobHandler> handlers = new HashMap<>(Map.of(
        EchoJobHandler.KIND, new EchoJobHandler(),
        SleepJobHandler.KIND, new SleepJobHandler(),
        HostFactsJobHandler.KIND, new HostFactsJobHandler(collector)));
    Lazy<RegistryAccess> registries = Lazy.of(() -> registryAccess(config, layout)); // on the first pull or push
    handlers.putAll(FleetJobs.handlers(images, containers, registries));
    JobRunner jobs = new JobRunner(JobLedger.open(layout.jobsDir()), handlers, JOB_THREADS);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "agent-timer");
      thread.setDaemon(true);
      return thread;
    });
    Map<String, Supplier<JsonNode>> sources = new HashMap<>(Map.of(
        InventoryReport.IMAGES, () -> imageInventory(images),
        InventoryReport.CONTAINERS, () -> containerInventory(containers, images),
        InventoryReport.VOLUMES, () -> volumeInventory(volumes)));
    network.ifPresent(n -> sources.put(InventoryReport.NETWORKS, () -> networkInventory(n, containers)));
    HostStatsSampler hostStats = new HostStatsSampler(layout.dataDir());
    sources.put(InventoryReport.HOST_STATS, hostStats::sample);
    InventoryReporter inventory = new InventoryReporter(sources, timer);
    network.ifPresent(n -> n.onChange(() -> inventory.changed(InventoryReport.NETWORKS)));
    volumes.onChange(() -> inventory.changed(InventoryReport.VOLUMES));
    images.store().onChange(() -> inventory.changed(InventoryReport.IMAGES));
    containers.onChange(() -> {
      inventory.changed(InventoryReport.CONTAINERS);
      inventory.changed(InventoryReport.IMAGES); // an image's count of containers
      inventory.changed(InventoryReport.VOLUMES); // a volume's count of containers
      inventory.changed(InventoryReport.NETWORKS); // a network's running containers
      timer.execute(() -> settleVolumeMounts(volumes)); // a volume's mount goes with its last running user
    });
    inventory.reportEvery(InventoryReport.CONTAINERS, CONTAINER_REPORT_PERIOD);
    inventory.reportEvery(InventoryReport.NETWORKS, CONTAINER_REPORT_PERIOD);
    inventory.reportEvery(InventoryReport.HOST_STATS, HOST_STATS_PERIOD);
    String engineId = EngineId.loadOrCreate(layout.engineIdFile());
    ImageBuilder builder = new ImageBuilder(images, containers, layout.imageSpoolDir()); // removes a crash's leftovers now
    DockerApiRouter dockerApi = new DockerApiRouter(() ->
        dockerRoutes(layout, facts, engineId, events, images, containers, volumes, network, registries, builder,
            config.insecureRegistries()));
    return new AgentComponents(layout, facts, jobs, images, containers, volumes, events, inventory, timer, dockerApi);
  }

  /** The Docker Engine API's routes: made on the first Docker request (an idle agent has none). */
  private static List<DockerRoute> dockerRoutes(AgentLayout layout, HostFactsCache facts, String engineId,
      EventLog events, ImageService images, ContainerRuntime containers, VolumeService volumes, Optional<HostNetworks> network,
      Supplier<RegistryAccess> registries, ImageBuilder builder, InsecureRegistries insecureRegistries) {
    List<DockerRoute> routes = new ArrayList<>(List.of(
        DockerRoute.getOrHead("/_ping", new PingEndpoint()),
        DockerRoute.get("/version", new VersionEndpoint(facts)),
        DockerRoute.get("/events", new EventsEndpoint(events)),
        DockerRoute.get("/info", new InfoEndpoint(facts, engineId, layout.dataDir(), () -> images.store().images().size(),
            () -> counts(containers), insecureRegistries))));
    routes.addAll(ImageRoutes.all(images, registries.get()));
    routes.addAll(ContainerRoutes.all(containers, images));
    routes.addAll(VolumeRoutes.all(volumes));
    network.ifPresent(n -> routes.addAll(NetworkRoutes.all(n, containers)));
    routes.add(DockerRoute.post("/build", new BuildEndpoint(builder, layout.imageSpoolDir())));
    routes.addAll(VolumeRoutes.backups(volumes, new VolumeBackup(volumes, containers, () -> facts.get().hostname())));
    return routes;
  }

  /**
   * Registry clients; the control plane's own registry is reached with this agent's stored
   * credential, over the agent's TLS (the pinned Berth CA).
   */
  private static RegistryAccess registryAccess(AgentConfig config, AgentLayout layout) {
    CredentialStore credentials = new CredentialStore(layout.credentialFile());
    return new RegistryAccess(config.controlPlane(), () -> storedCredential(credentials),
        new ControlPlaneHttp(new AgentTls(layout, config.caCertificate())), config.insecureRegistries());
  }

  /** This agent's credential; empty before it enrolled or while the file is unreadable. */
  private static Optional<String> storedCredential(CredentialStore credentials) {
    try {
      return credentials.load().map(AgentCredential::credential);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void settleVolumeMounts(VolumeService volumes) {
    try {
      volumes.settleMounts();
    } catch (IOException | RuntimeException e) {
      System.getLogger(AgentComponents.class.getName()).log(Level.WARNING, "could not settle volume mounts", e);
    }
  }

  private static ContainerCounts counts(ContainerRuntime containers) {
    try {
      return containers.counts();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Every image, intermediate ones too, as GET /images/json?all=1 lists them.
  private static JsonNode imageInventory(ImageService images) {
    try {
      return ImageListJson.of(images.list(ImageFilters.of(Map.of(), true)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Every container, as GET /containers/json?all=1 lists them.
  private static JsonNode containerInventory(ContainerRuntime containers, ImageService images) {
    try {
      return ContainerListJson.all(containers, images);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Every network, as GET /networks lists it, with its running containers.
  private static JsonNode networkInventory(HostNetworks networks, ContainerRuntime containers) {
    try {
      return NetworkRoutes.inventory(networks, containers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Every volume, as GET /volumes lists it, with how many containers use it.
  private static JsonNode volumeInventory(VolumeService volumes) {
    try {
      return VolumeRoutes.inventory(volumes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops running jobs, then the runtime's waits (containers keep running under conmon), then event streams. */
  @Override
  public void close() throws InterruptedException {
    timer.shutdownNow();
    jobs.close();
    containers.close();
    try {
      events.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
