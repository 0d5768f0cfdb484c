package dev.berth.agent.build;

/** A build step that failed: a RUN that exited non-zero, a COPY source missing… The message is dockerd's. */
public final class BuildFailedException extends RuntimeException {
  /** Fails with {@code message}. */
  public BuildFailedException(String message) {
    super(message);
  }
}
