package dev.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code filters} query parameter of list and prune endpoints. Clients send it as
 * {@code {"dangling":{"true":true}}} (what the docker CLI writes) or in the older form
 * {@code {"dangling":["true"]}}; dockerd reads both, and so does this.
 *
 * @param values each filter's values, in the order sent
 */
public record DockerFilters(Map<String, List<String>> values) {

  /** Copies the map, keeping the filters' order. */
  public DockerFilters {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The filters of {@code request}'s {@code filters} parameter; none when it is absent or empty. */
  public static DockerFilters of(DockerRequest request) {
    String text = request.queryParam("filters").orElse("");
    if (text.isEmpty()) {
      return new DockerFilters(Map.of());
    }
    JsonNode tree;
    try {
      tree = JsonReply.mapper().readTree(text);
    } catch (IOException malformed) {
      throw invalid();
    }
    if (tree == null || !tree.isObject()) {
      throw invalid();
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      values.put(field.getKey(), valuesOf(field.getValue()));
    }
    return new DockerFilters(values);
  }

  /** Refuses a filter outside {@code accepted} as dockerd does: 400 "invalid filter 'name'". */
  public DockerFilters accepting(Set<String> accepted) {
    for (String name : values.keySet()) {
      if (!accepted.contains(name)) {
        throw new DockerApiException(400, "invalid filter '" + name + "'");
      }
    }
    return this;
  }

  /** Filter {@code name} as a boolean (dockerd's GetBoolOrDefault), or {@code fallback} when it is absent. */
  public boolean bool(String name, boolean fallback) {
    List<String> given = values.get(name);
    if (given == null) {
      return fallback;
    }
    boolean isTrue = given.contains("true") || given.contains("1");
    boolean isFalse = given.contains("false") || given.contains("0");
    if (isTrue == isFalse) {
      throw new DockerApiException(400, "invalid filter '" + name + "=[" + String.join(" ", given) + "]'");
    }
    return isTrue;
  }

  private static List<String> valuesOf(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(value -> {
        if (value.getValue().asBoolean()) {
          values.add(value.getKey());
        }
      });
    } else if (node.isArray()) {
      node.forEach(value -> values.add(value.asText()));
    } else {
      throw invalid();
    }
    return values;
  }

  private static DockerApiException invalid() {
    return new DockerApiException(400, "invalid filter");
  }
}
