package dev.berth.agent.image;

/** Hears how a load or import goes (the API turns it into Docker's JSON progress stream). */
public interface LoadProgress {
  /** Ignores everything. */
  LoadProgress NONE = new LoadProgress() {};

  /** A line for the user, e.g. {@code Loaded image: busybox:latest}. */
  default void message(String line) {}

  /** A layer is being stored: {@code done} of {@code total} layers finished. */
  default void layer(String diffIdOrName, int done, int total) {}
}
