package dev.berth.agent.job;

import dev.berth.util.Lazy;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.JsonNode;

/** Runs one kind of job. Long handlers should check {@link JobContext#throwIfCancelled()} often. */
@FunctionalInterface
public interface JobHandler {

  /** Does the work and returns its result (any JSON, or null); throwing fails the job. */
  JsonNode run(JobContext context) throws Exception;

  /**
   * The handler {@code factory} makes, made on its first job: an agent that never gets one (most
   * idle ones) does not load its classes.
   */
  static JobHandler onFirstJob(Supplier<? extends JobHandler> factory) {
    Lazy<JobHandler> handler = Lazy.of(factory);
    return context -> handler.get().run(context);
  }
}
