package dev.berth.agent.fleetjob;

import dev.berth.agent.image.TransferProgress;
import dev.berth.agent.job.JobContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pull's progress told to its job: the puller's per-layer messages summed into one line
 * ({@code 2 of 4 layers, 3.1 of 6.0 MB}) with a percent of the bytes, at most every
 * {@value #MIN_INTERVAL_MILLIS} ms so a fast pull does not flood the link; a cancelled job stops
 * the pull at its next message.
 */
final class PullProgress implements TransferProgress {
  static final long MIN_INTERVAL_MILLIS = 250;

  private final JobContext job;
  private final Map<String, long[]> layers = new LinkedHashMap<>(); // id → {current, total, done}
  private long lastReport;

  PullProgress(JobContext job) {
    this.job = job;
  }

  @Override
  public synchronized void status(String id, String status) {
    job.throwIfCancelled();
    if (id != null && (status.equals("Pulling fs layer") || status.equals("Waiting"))) {
      layers.computeIfAbsent(id, k -> new long[3]);
    } else if (id != null && (status.equals("Pull complete") || status.equals("Already exists"))) {
      long[] layer = layers.computeIfAbsent(id, k -> new long[3]);
      layer[0] = layer[1];
      layer[2] = 1;
      report(false);
    } else if (id == null) {
      job.progress(status, null);
    }
  }

  @Override
  public synchronized void progress(String id, String status, long current, long total) {
    job.throwIfCancelled();
    long[] layer = layers.computeIfAbsent(id, k -> new long[3]);
    layer[0] = current;
    layer[1] = total;
    report(true);
  }

  /** Tells the final sum, whenever the last report was. */
  synchronized void finish() {
    report(false);
  }

  private void report(boolean throttled) {
    long now = System.currentTimeMillis();
    if (throttled && now - lastReport < MIN_INTERVAL_MILLIS) {
      return;
    }
    lastReport = now;
    long current = 0;
    long total = 0;
    int done = 0;
    for (long[] layer : layers.values()) {
      current += layer[0];
      total += layer[1];
      done += (int) layer[2];
    }
    Integer percent = total == 0 ? null : (int) Math.min(100, current * 100 / total);
    job.progress(done + " of " + layers.size() + " layers, " + megabytes(current) + " of " + megabytes(total) + " MB",
        percent);
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1e6);
  }
}
