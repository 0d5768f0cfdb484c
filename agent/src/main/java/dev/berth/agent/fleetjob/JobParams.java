package dev.berth.agent.fleetjob;

import dev.berth.agent.job.JobContext;

/** Reading a fleet job's parameters, failing the job with a plain sentence when one is missing. */
final class JobParams {
  private JobParams() {}

  /** The non-empty text parameter {@code name}. */
  static String text(JobContext context, String name) {
    String value = context.params().path(name).asText("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
