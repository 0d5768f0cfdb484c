package dev.berth.control.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.TemplateExtension;

/** Formats the dashboard's templates use: {@code {host.facts.text('kernelVersion')}}, {@code {image.sizeBytes.bytes}}. */
@TemplateExtension
public final class TemplateFormats {
  private TemplateFormats() {}

  /** A container's ports, linked where its host's {@code addresses} (by host name) reach them: {@code c.publishedPorts(addresses)}. */
  static java.util.List<PublishedPort> publishedPorts(dev.berth.control.inventory.ContainerView container,
                                                      java.util.Map<String, String> addresses) {
    return PublishedPort.ofSummary(container.ports(), addresses.get(container.host()));
  }

  /** A fact as text, or a dash when the agent did not report it. */
  static String text(JsonNode facts, String name) {
    JsonNode value = facts == null ? null : facts.get(name);
    return value == null || value.isNull() ? "—" : value.asText();
  }

  /** A size fact in binary units (e.g. {@code 23.4 GiB}), or a dash. */
  static String size(JsonNode facts, String name) {
    JsonNode value = facts == null ? null : facts.get(name);
    if (value == null || !value.canConvertToLong()) {
      return "—";
    }
    return bytes(value.asLong());
  }

  /** A byte count in binary units, e.g. {@code {image.sizeBytes.bytes}} → {@code 4.2 MiB}. */
  static String bytes(long count) {
    double bytes = count;
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  }

  /** A percentage rounded to a whole number, e.g. {@code {load.cpuPercent.percent}} → {@code 12%}. */
  static String percent(double value) {
    return percentNumber(value) + "%";
  }

  /** A percentage rounded to a whole number between 0 and 100, for widths and ARIA values. */
  static long percentNumber(double value) {
    return Math.round(Math.max(0, Math.min(100, value)));
  }

  /** A rate in bytes per second in binary units, e.g. {@code 1.5 MiB/s}. */
  static String rate(long bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }
}
