package dev.berth.control.web;

import dev.berth.control.fleet.HostStatSample;
import dev.berth.control.fleet.HostStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A host's load over {@link HostStats#WINDOW} as SVG polylines for its page, drawn on the server so
 * the page needs no script: x is time in seconds across the window ({@link #WIDTH} wide, now at the
 * right), y is 0 at the bottom to {@link #HEIGHT} at the top. Percentages share one scale (0–100);
 * network and block I/O are scaled to their peak in the window, which the page names.
 *
 * @param latest the newest sample, or null when the window holds none
 * @param cpu CPU % points
 * @param memory memory % points
 * @param disk disk % points
 * @param netReceived received bytes/s points
 * @param netSent sent bytes/s points
 * @param netPeak the network chart's top, bytes/s
 * @param blockRead read bytes/s points
 * @param blockWritten written bytes/s points
 * @param blockPeak the block I/O chart's top, bytes/s
 */
public record HostLoadCharts(HostStatSample latest, String cpu, String memory, String disk, String netReceived,
                             String netSent, long netPeak, String blockRead, String blockWritten, long blockPeak) {
  /** The charts' width in the SVG's units: one a second of the window. */
  public static final long WIDTH = HostStats.WINDOW.toSeconds();
  /** The charts' height in the SVG's units. */
  public static final int HEIGHT = 100;

  /** The charts of {@code samples} (oldest first) as of {@code now}. */
  public static HostLoadCharts of(List<HostStatSample> samples, Instant now) {
    Instant start = now.minus(HostStats.WINDOW);
    long netPeak = peak(samples, s -> Math.max(s.netReceivedPerSecond, s.netSentPerSecond));
    long blockPeak = peak(samples, s -> Math.max(s.blockReadPerSecond, s.blockWrittenPerSecond));
    return new HostLoadCharts(samples.isEmpty() ? null : samples.get(samples.size() - 1),
        points(samples, start, 100, s -> s.cpuPercent),
        points(samples, start, 100, HostStatSample::memoryPercent),
        points(samples, start, 100, HostStatSample::diskPercent),
        points(samples, start, netPeak, s -> s.netReceivedPerSecond),
        points(samples, start, netPeak, s -> s.netSentPerSecond), netPeak,
        points(samples, start, blockPeak, s -> s.blockReadPerSecond),
        points(samples, start, blockPeak, s -> s.blockWrittenPerSecond), blockPeak);
  }

  // At least 1 KiB/s, so an idle host's chart is a flat line at the bottom, not noise scaled up.
  private static long peak(List<HostStatSample> samples, ToDoubleFunction<HostStatSample> value) {
    return (long) Math.max(1024, samples.stream().mapToDouble(value).max().orElse(0));
  }

  private static String points(List<HostStatSample> samples, Instant start, double top, ToDoubleFunction<HostStatSample> value) {
    StringBuilder points = new StringBuilder();
    for (HostStatSample sample : samples) {
      double x = Math.max(0, Duration.between(start, sample.sampledAt).toMillis() / 1000.0);
      double y = HEIGHT - Math.min(1, Math.max(0, value.applyAsDouble(sample) / top)) * HEIGHT;
      points.append(points.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return points.toString();
  }
}
