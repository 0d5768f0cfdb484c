package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;

/** Runs one kind of job. Long handlers should check {@link JobContext#throwIfCancelled()} often. */
@FunctionalInterface
public interface JobHandler {

  /** Does the work and returns its result (any JSON, or null); throwing fails the job. */
  JsonNode run(JobContext context) throws Exception;
}
