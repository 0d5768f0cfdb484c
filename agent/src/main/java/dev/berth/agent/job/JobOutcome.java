package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * How a job ended.
 *
 * @param state {@value #SUCCEEDED}, {@value #FAILED} or {@value #CANCELLED}
 * @param result the handler's result when it succeeded, else JSON null
 * @param error why it failed or was cancelled, else null
 */
public record JobOutcome(String state, JsonNode result, String error) {

  /** The handler returned a result. */
  public static final String SUCCEEDED = "succeeded";
  /** The handler threw, or no handler knows the job's kind. */
  public static final String FAILED = "failed";
  /** The job was cancelled before or while it ran. */
  public static final String CANCELLED = "cancelled";

  /** Normalises a missing result to JSON null. */
  public JobOutcome {
    result = result == null ? NullNode.getInstance() : result;
  }

  /** A successful outcome carrying {@code result}. */
  public static JobOutcome succeeded(JsonNode result) {
    return new JobOutcome(SUCCEEDED, result, null);
  }

  /** A failed outcome explained by {@code error}. */
  public static JobOutcome failed(String error) {
    return new JobOutcome(FAILED, null, error);
  }

  /** A cancelled outcome. */
  public static JobOutcome cancelled() {
    return new JobOutcome(CANCELLED, null, "cancelled");
  }
}
