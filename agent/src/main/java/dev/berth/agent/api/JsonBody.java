package dev.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/** Reads a request's JSON body: 400 with the parser's words when it is not JSON; an empty body is an empty object. */
public final class JsonBody {
  private JsonBody() {}

  /** The body of {@code request} as a JSON tree. */
  public static JsonNode of(DockerRequest request) {
    JsonNode body;
    try {
      body = JsonReply.mapper().readTree(request.body());
    } catch (IOException malformed) {
      throw new DockerApiException(400, "invalid JSON: " + malformed.getMessage());
    }
    if (body == null || body.isMissingNode() || body.isNull()) {
      return JsonReply.object();
    }
    if (!body.isObject()) {
      throw new DockerApiException(400, "invalid JSON: expected an object");
    }
    return body;
  }
}
