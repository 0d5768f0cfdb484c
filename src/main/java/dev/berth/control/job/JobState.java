package dev.berth.control.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a job is in its life: queued → running → one of the final states. */
public enum JobState {
  QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT;

  /** The name used in the database and the API ({@code timed_out}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the job can no longer change. */
  public boolean isFinal() {
    return this != QUEUED && this != RUNNING;
  }

  /** The state with this wire name. */
  public static Optional<JobState> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
  }
}
