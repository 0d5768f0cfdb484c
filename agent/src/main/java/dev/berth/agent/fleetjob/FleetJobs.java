package dev.berth.agent.fleetjob;

import dev.berth.agent.image.ImageService;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.registry.RegistryAccess;
import dev.berth.agent.runtime.ContainerRuntime;
import java.util.Map;

/**
 * The jobs a fleet operation of the control plane sends to each of its hosts, by kind. Each
 * reuses the engine's own services (the puller, the runtime), never the Docker API over HTTP;
 * the job runner's ledger makes each job id run once.
 */
public final class FleetJobs {
  private FleetJobs() {}

  /** The handlers, by job kind. */
  public static Map<String, JobHandler> handlers(ImageService images, ContainerRuntime containers,
                                                 RegistryAccess registries) {
    return Map.of(
        PullImageJob.KIND, new PullImageJob(images, registries),
        RunContainerJob.KIND, new RunContainerJob(containers),
        StopContainersJob.KIND, new StopContainersJob(containers),
        RemoveContainersJob.KIND, new RemoveContainersJob(containers),
        PruneImagesJob.KIND, new PruneImagesJob(images));
  }
}
