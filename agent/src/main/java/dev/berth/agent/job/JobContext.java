package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/** What a running {@link JobHandler} sees of its job: its input, a progress channel, cancellation. */
public final class JobContext {

  private final String jobId;
  private final JsonNode params;
  private final BiConsumer<String, Integer> progress;
  private final BooleanSupplier cancelled;

  /** Returns a context; the runner builds these, tests may too. */
  public JobContext(String jobId, JsonNode params, BiConsumer<String, Integer> progress,
      BooleanSupplier cancelled) {
    this.jobId = jobId;
    this.params = params == null ? MissingNode.getInstance() : params;
    this.progress = progress;
    this.cancelled = cancelled;
  }

  /** The job's id. */
  public String jobId() {
    return jobId;
  }

  /** The job's parameters (a MissingNode when none were sent). */
  public JsonNode params() {
    return params;
  }

  /** Reports progress to whoever listens to the job now; {@code percent} may be null. */
  public void progress(String message, Integer percent) {
    progress.accept(message, percent);
  }

  /** Whether someone asked to cancel this job. */
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  /** Throws {@link CancellationException} when the job was cancelled. */
  public void throwIfCancelled() {
    if (isCancelled()) {
      throw new CancellationException("job " + jobId + " was cancelled");
    }
  }
}
