package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.runtime.ContainerRuntime;
import java.time.Duration;

/**
 * The {@code containers.stop} job, {@code {"labels": ["app=web"], "timeoutSeconds": 10}}: stops
 * every running container with those labels as {@code docker stop} does (signal, then kill after
 * the timeout). Answers {@code {"stopped": [names]}}; stopping a stopped container is nothing to do.
 */
public final class StopContainersJob implements JobHandler {
  /** The job kind this handler serves. */
  public static final String KIND = "containers.stop";

  private final ContainerRuntime containers;

  /** Stops containers of {@code containers}. */
  public StopContainersJob(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    ContainerLabels labels = ContainerLabels.of(context);
    Duration timeout = Duration.ofSeconds(context.params().path("timeoutSeconds").asLong(10));
    return ContainerBatch.run(context, labels.select(containers), "stopped", container -> {
      if (!container.isRunning()) {
        return false;
      }
      containers.stop(container.id(), timeout);
      return true;
    });
  }
}
