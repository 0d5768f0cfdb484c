package dev.berth.agent.fleetjob;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.runtime.ContainerRuntime;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The jobs a fleet operation of the control plane sends to each of its hosts, by kind. Each
 * reuses the engine's own services (the puller, the runtime), never the Docker API over HTTP;
 * the job runner's ledger makes each job id run once.
 */
public final class FleetJobs {
  private FleetJobs() {}

  /** The handlers, by job kind, each made on its first job (and the registry client with the first pull). */
  public static Map<String, JobHandler> handlers(ImageService images, ContainerRuntime containers,
                                                 Supplier<RegistryAccess> registries) {
    return Map.of(
        PullImageJob.KIND, JobHandler.onFirstJob(() -> new PullImageJob(images, registries.get())),
        RunContainerJob.KIND, JobHandler.onFirstJob(() -> new RunContainerJob(containers)),
        StopContainersJob.KIND, JobHandler.onFirstJob(() -> new StopContainersJob(containers)),
        RemoveContainersJob.KIND, JobHandler.onFirstJob(() -> new RemoveContainersJob(containers)),
        PruneImagesJob.KIND, JobHandler.onFirstJob(() -> new PruneImagesJob(images)));
  }
}
