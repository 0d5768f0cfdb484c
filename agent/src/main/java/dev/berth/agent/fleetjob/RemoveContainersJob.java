package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.runtime.ContainerRuntime;

/**
 * The {@code containers.remove} job, {@code {"labels": ["app=web"], "force": false}}: removes every
 * container with those labels as {@code docker rm} does ({@code force}: running ones are killed
 * first, else they are refused with dockerd's words). Answers {@code {"removed": [names]}}.
 */
public final class RemoveContainersJob implements JobHandler {
  /** The job kind this handler serves. */
  public static final String KIND = "containers.remove";

  private final ContainerRuntime containers;

  /** Removes containers of {@code containers}. */
  public RemoveContainersJob(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    ContainerLabels labels = ContainerLabels.of(context);
    boolean force = context.params().path("force").asBoolean(false);
    return ContainerBatch.run(context, labels.select(containers), "removed", container -> {
      containers.delete(container.id(), force);
      return true;
    });
  }
}
