package dev.berth.control.support;

/**
 * Tear-down that runs every step even when some fail (a failed test leaves things half made),
 * then reports the failures together.
 */
final class Cleanup {
  /** One step of the tear-down. */
  interface Step {
    /** Does the step. */
    void run() throws Exception;
  }

  private final String what;
  private AssertionError failure;

  /** A tear-down of {@code what} (named in the failure). */
  Cleanup(String what) {
    this.what = what;
  }

  /** Runs {@code step}, keeping its failure for {@link #finish}. */
  void step(Step step) throws InterruptedException {
    try {
      step.run();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception | AssertionError e) {
      if (failure == null) {
        failure = new AssertionError("cleaning up " + what + " failed", e);
      } else {
        failure.addSuppressed(e);
      }
    }
  }

  /** Fails with what went wrong, if anything did. */
  void finish() {
    if (failure != null) {
      throw failure;
    }
  }
}
