package dev.berth.control.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.control.api.ApiProblem;
import dev.berth.control.inventory.LabelSelector;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Labels on hosts ({@code env=prod}, {@code zone=a}), used to pick hosts for fleet operations and
 * to filter host lists. Keys follow Docker's label grammar: lower-case letters and digits, with
 * single {@code .} or {@code -} between them (so {@code com.example.tier}, not {@code -a}, {@code a..b}
 * or {@code Env}), at most {@value #MAX_KEY} characters; values are text of at most
 * {@value #MAX_VALUE} characters without control characters; at most {@value #MAX_LABELS} labels a host.
 */
public final class HostLabels {
  static final int MAX_KEY = 128;
  static final int MAX_VALUE = 256;
  static final int MAX_LABELS = 64;
  private static final Pattern KEY = Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private HostLabels() {}

  /** Refuses a key outside the grammar (400). */
  public static void checkKey(String key) {
    if (key == null || key.length() > MAX_KEY || !KEY.matcher(key).matches()) {
      throw ApiProblem.badRequest("invalid label key '" + key + "': lower-case letters and digits, separated by single"
          + " '.' or '-', at most " + MAX_KEY + " characters");
    }
  }

  /** Refuses a value that is too long or holds control characters (400). */
  public static void checkValue(String key, String value) {
    if (value.length() > MAX_VALUE || CONTROL.matcher(value).find()) {
      throw ApiProblem.badRequest("invalid value of label " + key + ": at most " + MAX_VALUE
          + " characters, no control characters");
    }
  }

  /** The label term {@code key} or {@code key=value}, checked as a label; 400 when it is not one. */
  public static LabelSelector checkTerm(String term) {
    LabelSelector selector = LabelSelector.parse(term);
    checkKey(selector.key());
    if (selector.value() != null) {
      checkValue(selector.key(), selector.value());
    }
    return selector;
  }

  /**
   * {@code current} with {@code changes} applied: a key with a text value is set, a key with null
   * is removed. Everything is checked before anything is returned, so a refused change changes nothing.
   */
  public static ObjectNode merged(JsonNode current, JsonNode changes) {
    if (changes == null || !changes.isObject()) {
      throw ApiProblem.badRequest("labels must be a JSON object of key to text value (null removes the label)");
    }
    ObjectNode result = current != null && current.isObject() ? ((ObjectNode) current).deepCopy()
        : JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> change = it.next();
      checkKey(change.getKey());
      if (change.getValue().isNull()) {
        result.remove(change.getKey());
      } else if (change.getValue().isTextual()) {
        checkValue(change.getKey(), change.getValue().asText());
        result.put(change.getKey(), change.getValue().asText());
      } else {
        throw ApiProblem.badRequest("the value of label " + change.getKey() + " must be text, or null to remove it");
      }
    }
    if (result.size() > MAX_LABELS) {
      throw ApiProblem.badRequest("a host has at most " + MAX_LABELS + " labels");
    }
    return result;
  }
}
