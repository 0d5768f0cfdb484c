package dev.berth.agent.job;

import dev.berth.util.Log;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.System.Logger.Level;

/**
 * Runs jobs exactly once per job id on a small fixed pool of threads.
 *
 * <p>A job id already finished gets its recorded outcome again ({@code finished} at once, no
 * second run); a job already running is not started again — the new listener replaces the old
 * one (the link may have reconnected). Unknown kinds finish "failed" with error
 * "unknown job type: &lt;kind&gt;". Every outcome is recorded in the {@link JobLedger} before the
 * listener hears {@code finished}.
 */
public final class JobRunner implements AutoCloseable {

  /** The progress message a job's listener hears when its handler starts. */
  public static final String STARTED = "started";
  private static final System.Logger LOG = Log.of(JobRunner.class);

  private final JobLedger ledger;
  private final Map<String, JobHandler> handlers;
  private final ExecutorService pool;
  private final Map<String, RunningJob> running = new HashMap<>();

  /** Returns a runner dispatching by job kind to {@code handlers}, at most {@code threads} at once. */
  public JobRunner(JobLedger ledger, Map<String, JobHandler> handlers, int threads) {
    this.ledger = ledger;
    this.handlers = Map.copyOf(handlers);
    AtomicInteger count = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "berth-job-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts the job, re-attaches {@code listener} to it, or replays its recorded outcome. */
  public void submit(JobRequest request, JobListener listener) {
    if (!JobId.isValid(request.id())) {
      notifyFinished(listener, JobOutcome.failed("invalid job id: " + request.id()));
      return;
    }
    String id = JobId.normalize(request.id());
    JobOutcome recorded;
    synchronized (running) {
      RunningJob job = running.get(id);
      if (job != null) {
        job.replaceListener(listener);
        return;
      }
      try {
        recorded = ledger.find(id).orElse(null);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot read the ledger entry of job " + id, e);
        recorded = null;
      }
      if (recorded == null) {
        RunningJob started = new RunningJob(new JobRequest(id, request.kind(), request.params()), listener);
        running.put(id, started);
        pool.execute(() -> execute(started));
        return;
      }
    }
    notifyFinished(listener, recorded);
  }

  /** Asks a running (or queued) job to stop; it finishes "cancelled". Unknown ids are ignored. */
  public void cancel(String jobId) {
    if (!JobId.isValid(jobId)) {
      return;
    }
    synchronized (running) {
      RunningJob job = running.get(JobId.normalize(jobId));
      if (job != null) {
        job.cancel();
      }
    }
  }

  /** The ids of jobs submitted and not yet finished. */
  public Set<String> runningJobIds() {
    synchronized (running) {
      return Set.copyOf(running.keySet());
    }
  }

  /** Stops the pool, interrupting running handlers, and waits briefly for them. */
  @Override
  public void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private void execute(RunningJob job) {
    JobOutcome outcome = runHandler(job);
    String id = job.request.id();
    try {
      ledger.record(id, job.request.kind(), outcome);
    } catch (IOException e) {
      // The listener still hears the truth; only a re-send of this job could now run it twice.
      LOG.log(Level.ERROR, "cannot record the outcome of job " + id, e);
    }
    JobListener listener;
    synchronized (running) {
      running.remove(id);
      listener = job.listener();
    }
    notifyFinished(listener, outcome);
  }

  private JobOutcome runHandler(RunningJob job) {
    JobRequest request = job.request;
    JobHandler handler = handlers.get(request.kind());
    if (handler == null) {
      return JobOutcome.failed("unknown job type: " + request.kind());
    }
    if (!job.handlerStarted()) {
      job.handlerEnded();
      return JobOutcome.cancelled();
    }
    // Said once per real run: a job answered from the ledger or re-attached never says it again.
    notifyProgress(job.listener(), STARTED, null);
    JobContext context = new JobContext(request.id(), request.params(),
        (message, percent) -> notifyProgress(job.listener(), message, percent), job::isCancelled);
    try {
      return JobOutcome.succeeded(handler.run(context));
    } catch (CancellationException | InterruptedException e) {
      return JobOutcome.cancelled();
    } catch (Exception e) {
      return job.isCancelled() ? JobOutcome.cancelled() : JobOutcome.failed(describe(e));
    } finally {
      job.handlerEnded();
    }
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static void notifyProgress(JobListener listener, String message, Integer percent) {
    try {
      listener.progress(message, percent);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "job listener failed on progress", e);
    }
  }

  private static void notifyFinished(JobListener listener, JobOutcome outcome) {
    try {
      listener.finished(outcome);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "job listener failed on finished", e);
    }
  }
}
