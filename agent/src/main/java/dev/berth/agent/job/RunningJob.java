package dev.berth.agent.job;

/**
 * A submitted job that has not finished yet: who listens to it now, whether it was cancelled, and
 * the thread running its handler (so cancel can interrupt a handler that is blocked).
 */
final class RunningJob {

  final JobRequest request;
  private JobListener listener;
  private boolean cancelled;
  private Thread handlerThread;

  RunningJob(JobRequest request, JobListener listener) {
    this.request = request;
    this.listener = listener;
  }

  synchronized JobListener listener() {
    return listener;
  }

  /** A new listener takes over, e.g. after the link reconnected and the job was re-sent. */
  synchronized void replaceListener(JobListener newListener) {
    listener = newListener;
  }

  synchronized boolean isCancelled() {
    return cancelled;
  }

  synchronized void cancel() {
    cancelled = true;
    if (handlerThread != null) {
      handlerThread.interrupt();
    }
  }

  /** Marks the handler as running on the current thread; false when already cancelled. */
  synchronized boolean handlerStarted() {
    handlerThread = Thread.currentThread();
    return !cancelled;
  }

  /** Marks the handler as done, so a late cancel no longer interrupts this thread. */
  synchronized void handlerEnded() {
    handlerThread = null;
    Thread.interrupted(); // clear a cancel's interrupt before the outcome is written to disk
  }
}
