package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.api.containers.ContainerErrors;
import dev.berth.agent.api.containers.CreateRequest;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.job.JobHandler;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerConflictException;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.CreateOptions;

/**
 * The {@code container.run} job, {@code {"name": "web", "config": <body of POST /containers/create>}}:
 * {@code docker run -d}, read by the same code as the Docker API's create. The container carries
 * the label {@value #JOB_LABEL} with the job's id, so a job run again after the agent lost its
 * ledger entry (a crash between create and record) finds its own container and only starts it.
 * Answers {@code {"id": ..., "name": ...}}; a missing image fails with dockerd's "No such image".
 */
public final class RunContainerJob implements JobHandler {
  /** The job kind this handler serves. */
  public static final String KIND = "container.run";
  /** The label naming the job that created a container. */
  public static final String JOB_LABEL = "dev.berth.job";

  private final ContainerRuntime containers;

  /** Runs containers in {@code containers}. */
  public RunContainerJob(ContainerRuntime containers) {
    this.containers = containers;
  }

  @Override
  public JsonNode run(JobContext context) throws Exception {
    if (!context.params().path("config").isObject()) {
      throw new IllegalArgumentException("config (the body of a container create) is required");
    }
    ObjectNode config = context.params().get("config").deepCopy();
    config.with("Labels").put(JOB_LABEL, context.jobId());
    String name = context.params().path("name").asText("");
    Container container;
    try {
      CreateOptions options = CreateRequest.options(config, name.isEmpty() ? null : name);
      context.progress("creating a container of " + options.image(), null);
      container = create(options, context.jobId());
      context.throwIfCancelled();
      if (!container.isRunning()) {
        container = containers.start(container.id());
      }
    } catch (java.util.concurrent.CancellationException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(ContainerErrors.of(e, config.path("Image").asText()).getMessage(), e);
    }
    context.progress("started " + container.name(), 100);
    return JsonNodeFactory.instance.objectNode().put("id", container.id()).put("name", container.name());
  }

  private Container create(CreateOptions options, String jobId) throws Exception {
    try {
      return containers.create(options);
    } catch (ContainerConflictException taken) {
      Container existing = containers.get(options.name());
      if (jobId.equals(existing.options().labels().get(JOB_LABEL))) {
        return existing; // made by an earlier run of this very job
      }
      throw taken;
    }
  }
}
