package dev.berth.control.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of an action as the audit trail keeps them: every value whose name looks like a
 * secret (password, token, secret, credential, key, authorization) is replaced by {@code "***"},
 * at any depth, so the trail never holds what it would be dangerous to read.
 */
public final class AuditParameters {
  /** What a redacted value becomes. */
  public static final String REDACTED = "***";
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i).*(password|passwd|token|secret|credential|authorization|apikey|api_key|private).*");

  private AuditParameters() {}

  /** A copy of {@code node} with secrets redacted. */
  public static JsonNode redact(JsonNode node) {
    if (node == null) {
      return null;
    }
    JsonNode copy = node.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  /** Named values (query or form parameters), secrets redacted; an empty map gives null. */
  public static ObjectNode of(Map<String, List<String>> values) {
    if (values.isEmpty()) {
      return null;
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    values.forEach((name, list) -> {
      if (SECRET_NAME.matcher(name).matches() || name.equals(Csrf.FIELD)) {
        node.put(name, REDACTED);
      } else if (list.size() == 1) {
        node.put(name, list.get(0));
      } else {
        list.forEach(node.putArray(name)::add);
      }
    });
    return node;
  }

  private static void redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.properties().forEach(field -> {
        if (SECRET_NAME.matcher(field.getKey()).matches() && !field.getValue().isContainerNode()) {
          field.setValue(JsonNodeFactory.instance.textNode(REDACTED));
        } else {
          redactInPlace(field.getValue());
        }
      });
    } else if (node != null && node.isArray()) {
      node.forEach(AuditParameters::redactInPlace);
    }
  }
}
