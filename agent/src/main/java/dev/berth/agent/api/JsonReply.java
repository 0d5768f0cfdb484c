package dev.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/** Sends a whole JSON answer, or a Docker-shaped error {@code {"message": "..."}}. */
public final class JsonReply {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonReply() {}

  /** Answers {@code status} with {@code body} serialised as JSON (a JsonNode, record or map). */
  public static void send(DockerResponse response, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.head(status, Map.of(
        "Content-Type", List.of("application/json"),
        "Content-Length", List.of(Integer.toString(bytes.length))));
    try (OutputStream out = response.body()) {
      out.write(bytes);
    }
  }

  /** Answers {@code status} (204 No Content, 304 Not Modified…) without a body. */
  public static void empty(DockerResponse response, int status) throws IOException {
    response.head(status, Map.of("Content-Length", List.of("0")));
    response.body().close();
  }

  /** Answers {@code status} with Docker's error shape. */
  public static void error(DockerResponse response, int status, String message) throws IOException {
    send(response, status, JSON.createObjectNode().put("message", message));
  }

  /** The mapper endpoints use to build JSON trees. */
  public static ObjectMapper mapper() {
    return JSON;
  }

  /** Shorthand for an empty JSON object to fill in. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Converts any Jackson-serialisable value to a tree. */
  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }
}
