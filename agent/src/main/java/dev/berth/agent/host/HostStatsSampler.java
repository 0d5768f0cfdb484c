package dev.berth.agent.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The host's load between one sample and the next, as the control plane charts it: each
 * {@link #sample()} reads {@link HostCounters} and compares them with the previous reading (taken
 * when the sampler was made, for the first). Cheap enough to run every few seconds: five small
 * /proc files and one statfs.
 *
 * <p>A sample, as JSON (rates per second over the interval, sizes in bytes):
 * <pre>
 * {"intervalMillis":10000, "cpuPercent":12.5, "memoryUsedBytes":…, "memoryTotalBytes":…,
 *  "diskUsedBytes":…, "diskTotalBytes":…, "netReceivedPerSecond":…, "netSentPerSecond":…,
 *  "blockReadPerSecond":…, "blockWrittenPerSecond":…}
 * </pre>
 * {@code cpuPercent} is of the whole host (100 when every CPU is busy).
 */
public final class HostStatsSampler {
  private final Path root;
  private final Path dataDir;
  private final LongSupplier clockMillis;
  private HostCounters previous;
  private long previousAt;

  /** Samples this host, measuring the disk where {@code dataDir} lives. */
  public HostStatsSampler(Path dataDir) {
    this(Path.of("/"), dataDir, System::currentTimeMillis);
  }

  /** Samples the host whose /proc and /sys are below {@code root} (a test tree), timed by {@code clockMillis}. */
  HostStatsSampler(Path root, Path dataDir, LongSupplier clockMillis) {
    this.root = root;
    this.dataDir = dataDir;
    this.clockMillis = clockMillis;
    this.previous = HostCounters.read(root, dataDir);
    this.previousAt = clockMillis.getAsLong();
  }

  /** The load since the previous sample. */
  public synchronized JsonNode sample() {
    HostCounters now = HostCounters.read(root, dataDir);
    long at = clockMillis.getAsLong();
    double seconds = Math.max(0.001, (at - previousAt) / 1000.0);
    long cpuTotal = now.cpuTotalTicks() - previous.cpuTotalTicks();
    long cpuBusy = now.cpuBusyTicks() - previous.cpuBusyTicks();
    ObjectNode sample = JsonNodeFactory.instance.objectNode()
        .put("intervalMillis", at - previousAt)
        .put("cpuPercent", cpuTotal > 0 ? Math.round(Math.max(0, cpuBusy) * 1000.0 / cpuTotal) / 10.0 : 0)
        .put("memoryUsedBytes", used(now.memoryTotalBytes(), now.memoryAvailableBytes()))
        .put("memoryTotalBytes", now.memoryTotalBytes())
        .put("diskUsedBytes", used(now.diskTotalBytes(), now.diskFreeBytes()))
        .put("diskTotalBytes", now.diskTotalBytes())
        .put("netReceivedPerSecond", rate(now.netReceivedBytes() - previous.netReceivedBytes(), seconds))
        .put("netSentPerSecond", rate(now.netSentBytes() - previous.netSentBytes(), seconds))
        .put("blockReadPerSecond", rate(now.blockReadBytes() - previous.blockReadBytes(), seconds))
        .put("blockWrittenPerSecond", rate(now.blockWrittenBytes() - previous.blockWrittenBytes(), seconds));
    previous = now;
    previousAt = at;
    return sample;
  }

  private static long used(long total, long free) {
    return total < 0 || free < 0 ? -1 : Math.max(0, total - free);
  }

  // A counter that went backwards (a device removed, a wrap) counts as no traffic.
  private static long rate(long bytes, double seconds) {
    return Math.round(Math.max(0, bytes) / seconds);
  }
}
