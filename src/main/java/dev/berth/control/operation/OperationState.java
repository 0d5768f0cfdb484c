package dev.berth.control.operation;

import dev.berth.control.job.JobState;
import java.util.Collection;

/**
 * An operation's state, derived from its hosts' jobs: {@code queued} (none started), {@code running},
 * {@code cancelling} (cancelled, some host still finishing), and once every host is done
 * {@code succeeded} (all), {@code failed} (none succeeded), {@code partial} (some did, some did not)
 * or {@code cancelled}.
 */
final class OperationState {
  private OperationState() {}

  /** The state of an operation whose jobs are in {@code states}, cancelled or not. */
  static String of(Collection<JobState> states, boolean cancelled) {
    boolean unfinished = states.stream().anyMatch(s -> !s.isFinal());
    if (unfinished) {
      if (cancelled) {
        return "cancelling";
      }
      return states.stream().allMatch(s -> s == JobState.QUEUED) ? "queued" : "running";
    }
    if (cancelled) {
      return "cancelled";
    }
    long succeeded = states.stream().filter(s -> s == JobState.SUCCEEDED).count();
    return succeeded == states.size() ? "succeeded" : succeeded == 0 ? "failed" : "partial";
  }

  /** Whether an operation in {@code state} can still change. */
  static boolean isFinal(String state) {
    return !state.equals("queued") && !state.equals("running") && !state.equals("cancelling");
  }
}
