package dev.berth.agent.runtime;

import dev.berth.util.Log;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.lang.System.Logger.Level;

/**
 * The runtime's background work for restart policies and health checks: one timer thread that
 * only keeps time (and runs short periodic looks), and a pool for what blocks — starting a
 * container again, running a health check. Daemon threads: the containers run on under conmon
 * when the agent goes.
 */
final class BackgroundThreads implements AutoCloseable {
  private static final System.Logger LOG = Log.of(BackgroundThreads.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(named("container-timer"));
  private final ExecutorService workers = Executors.newCachedThreadPool(named("container-work"));

  /** Runs {@code task} on a worker after {@code delay}; cancelling the answer before then keeps it from running. */
  Future<?> later(Duration delay, String what, Runnable task) {
    return timer.schedule(() -> now(what, task), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Runs {@code task} on a worker now. */
  void now(String what, Runnable task) {
    try {
      workers.execute(() -> logFailure(what, task));
    } catch (RejectedExecutionException closed) {
      // the runtime is closing: the next agent settles what this one leaves
    }
  }

  /** Stops the timer, interrupts the workers and waits a little for them (a restart under way finishes). */
  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, "container work still running after " + CLOSE_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void logFailure(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, what + " failed", e);
    }
  }

  private static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
