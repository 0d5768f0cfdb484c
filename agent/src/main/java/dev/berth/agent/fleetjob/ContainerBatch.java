package dev.berth.agent.fleetjob;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.agent.job.JobContext;
import dev.berth.agent.runtime.Container;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One action on each of several containers, every one tried even when some fail: progress after
 * each, a result naming the containers done ({@code {"<verb>": [names]}}), and the job failed
 * with every container's error when any failed.
 */
final class ContainerBatch {
  /** The action on one container. */
  @FunctionalInterface
  interface Action {
    /** Acts on {@code container}; returns false when there was nothing to do. */
    boolean apply(Container container) throws Exception;
  }

  private ContainerBatch() {}

  /** Applies {@code action} to {@code containers}, calling what was done {@code verb} (e.g. "stopped"). */
  static JsonNode run(JobContext job, List<Container> containers, String verb, Action action) {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    var done = result.putArray(verb);
    Map<String, String> failed = new LinkedHashMap<>();
    int count = 0;
    for (Container container : containers) {
      job.throwIfCancelled();
      try {
        if (action.apply(container)) {
          done.add(container.name());
        }
      } catch (Exception e) {
        failed.put(container.name(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
      count++;
      job.progress(verb + " " + done.size() + " of " + containers.size() + " containers", count * 100 / containers.size());
    }
    if (!failed.isEmpty()) {
      StringBuilder error = new StringBuilder();
      failed.forEach((name, why) -> error.append(error.isEmpty() ? "" : "; ").append(name).append(": ").append(why));
      throw new IllegalStateException(error.toString());
    }
    return result;
  }
}
