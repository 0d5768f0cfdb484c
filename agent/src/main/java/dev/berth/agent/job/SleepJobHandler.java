package dev.berth.agent.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The {@code sleep} job, {@code {"seconds": n}}: waits n seconds (fractions allowed), reporting
 * progress every second. For testing progress, cancellation and re-delivery.
 */
public final class SleepJobHandler implements JobHandler {

  /** The job kind this handler serves. */
  public static final String KIND = "sleep";

  private static final double MAX_SECONDS = 24 * 3600;

  @Override
  public JsonNode run(JobContext context) throws InterruptedException {
    JsonNode seconds = context.params().path("seconds");
    if (!seconds.isNumber() || seconds.asDouble() < 0 || seconds.asDouble() > MAX_SECONDS) {
      throw new IllegalArgumentException("sleep needs {\"seconds\": n} with 0 <= n <= " + (long) MAX_SECONDS);
    }
    long totalMillis = Math.round(seconds.asDouble() * 1000);
    long slept = 0;
    while (slept < totalMillis) {
      context.throwIfCancelled();
      long step = Math.min(1000, totalMillis - slept);
      Thread.sleep(step);
      slept += step;
      int percent = (int) (slept * 100 / totalMillis);
      context.progress("slept " + slept / 1000.0 + " of " + totalMillis / 1000.0 + " seconds", percent);
    }
    context.throwIfCancelled();
    return JsonNodeFactory.instance.objectNode().put("slept", totalMillis / 1000.0);
  }
}
