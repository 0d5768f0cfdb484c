package dev.berth.control.inventory;

import com.fasterxml.jackson.databind.JsonNode;

/** Docker's {@code label} filter: {@code key} (the label is set) or {@code key=value} (set to that value). */
public record LabelSelector(String key, String value) {

  /** The selector {@code filter} spells. */
  public static LabelSelector parse(String filter) {
    int equals = filter.indexOf('=');
    return equals < 0 ? new LabelSelector(filter, null)
        : new LabelSelector(filter.substring(0, equals), filter.substring(equals + 1));
  }

  /** Whether {@code labels} (a JSON object, or null) has the label. */
  public boolean matches(JsonNode labels) {
    JsonNode found = labels == null ? null : labels.get(key);
    return found != null && !found.isNull() && (value == null || found.asText().equals(value));
  }
}
