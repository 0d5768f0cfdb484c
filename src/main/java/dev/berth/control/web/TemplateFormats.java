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
}
