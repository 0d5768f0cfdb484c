package dev.berth.control.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.backup.BackupService;
import dev.berth.control.fleet.HostLabels;
import java.util.regex.Pattern;

/** Checks of the parameters fleet operations share: image references, label selectors, flags, numbers. */
final class OperationParams {
  // Docker's reference grammar: [domain[:port]/]path[:tag][@digest], path components in lower case.
  private static final String COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
  private static final Pattern IMAGE = Pattern.compile("(?:[a-zA-Z0-9.-]+(?::[0-9]+)?/)?" + COMPONENT
      + "(?:/" + COMPONENT + ")*(?::[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?");
  private static final Pattern VOLUME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private OperationParams() {}

  /** The {@code image} parameter, a Docker image reference. */
  static String image(JsonNode params) {
    String image = params.path("image").asText("");
    if (image.isEmpty()) {
      throw ApiProblem.badRequest("image is required");
    }
    if (image.length() > 512 || !IMAGE.matcher(image).matches()) {
      throw ApiProblem.badRequest("invalid reference format: " + image);
    }
    return image;
  }

  /** The {@code labels} parameter: a non-empty list of {@code key} or {@code key=value} (or one such text, comma-separated). */
  static ArrayNode containerLabels(JsonNode params) {
    JsonNode given = params.path("labels");
    ArrayNode terms = JsonNodeFactory.instance.arrayNode();
    if (given.isTextual()) {
      for (String term : given.asText().split(",")) {
        terms.add(term.trim());
      }
    } else if (given.isArray()) {
      given.forEach(term -> terms.add(term.isTextual() ? term.asText().trim() : ""));
    }
    if (terms.isEmpty() || (terms.size() == 1 && terms.get(0).asText().isEmpty())) {
      throw ApiProblem.badRequest("labels is required: the containers' labels, key or key=value, e.g. [\"app=web\"]");
    }
    terms.forEach(term -> HostLabels.checkTerm(term.asText()));
    return terms;
  }

  /** The boolean parameter {@code name} (false when absent). */
  static boolean flag(JsonNode params, String name) {
    JsonNode value = params.path(name);
    if (!value.isMissingNode() && !value.isNull() && !value.isBoolean()) {
      throw ApiProblem.badRequest(name + " must be true or false");
    }
    return value.asBoolean(false);
  }

  /** The whole-number parameter {@code name}, 0..max ({@code fallback} when absent). */
  static long seconds(JsonNode params, String name, long fallback, long max) {
    JsonNode value = params.path(name);
    if (value.isMissingNode() || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > max) {
      throw ApiProblem.badRequest(name + " must be a whole number from 0 to " + max);
    }
    return value.asLong();
  }

  /** A backup's parameters: {@code volume} or {@code volumeLabel} (exactly one), and {@code mode}. */
  static ObjectNode backup(JsonNode params) {
    String volume = params.path("volume").asText("");
    String label = params.path("volumeLabel").asText("");
    if (volume.isEmpty() == label.isEmpty()) {
      throw ApiProblem.badRequest("give volume (a name) or volumeLabel (key or key=value), exactly one");
    }
    ObjectNode checked = JsonNodeFactory.instance.objectNode();
    if (!volume.isEmpty()) {
      if (!VOLUME.matcher(volume).matches()) {
        throw ApiProblem.badRequest("invalid volume name: " + volume);
      }
      checked.put("volume", volume);
    } else {
      HostLabels.checkTerm(label);
      checked.put("volumeLabel", label);
    }
    return checked.put("mode", BackupService.checkMode(params.path("mode").asText(null)));
  }

}
