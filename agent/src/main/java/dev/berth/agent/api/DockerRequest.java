package dev.berth.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Docker Engine API request, whatever carried it (the control plane's tunnel, a unix socket).
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param rawPath path and query as sent, e.g. {@code /v1.47/containers/json?all=1}
 * @param headers request headers; names are matched case-insensitively
 * @param body the request body; empty when there is none
 */
public record DockerRequest(String method, String rawPath, Map<String, List<String>> headers, InputStream body) {

  /** Fills in an empty body and headers when none were given. */
  public DockerRequest {
    headers = headers == null ? Map.of() : headers;
    body = body == null ? InputStream.nullInputStream() : body;
  }

  /** A request without headers or body, e.g. {@code get("GET", "/_ping")}. */
  public static DockerRequest of(String method, String rawPath) {
    return new DockerRequest(method, rawPath, Map.of(), InputStream.nullInputStream());
  }

  /** The path without query string, still with any {@code /vX.Y} prefix; not percent-decoded. */
  public String path() {
    int query = rawPath.indexOf('?');
    return query < 0 ? rawPath : rawPath.substring(0, query);
  }

  /** All query parameters, decoded, in the order sent. */
  public Map<String, List<String>> query() {
    int start = rawPath.indexOf('?');
    if (start < 0 || start == rawPath.length() - 1) {
      return Map.of();
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : rawPath.substring(start + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return Collections.unmodifiableMap(params);
  }

  /** The first value of query parameter {@code name}. */
  public Optional<String> queryParam(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Docker's boolean query convention: present and not {@code 0}/{@code false}/empty. */
  public boolean queryFlag(String name) {
    return queryParam(name).map(v -> !(v.isEmpty() || v.equals("0") || v.equalsIgnoreCase("false")))
        .orElse(false);
  }

  /** The body read as JSON (a missing node when empty); malformed JSON answers 400, as dockerd. */
  public JsonNode jsonBody() {
    try {
      return JsonReply.mapper().readTree(body);
    } catch (IOException malformed) {
      throw new DockerApiException(400, "invalid JSON: " + malformed.getMessage());
    }
  }

  /** The body as a JSON object: an empty one when there is no body; 400 when it is not an object. */
  public JsonNode jsonObject() {
    JsonNode body = jsonBody();
    if (body == null || body.isMissingNode() || body.isNull()) {
      return JsonReply.object();
    }
    if (!body.isObject()) {
      throw new DockerApiException(400, "invalid JSON: expected an object");
    }
    return body;
  }

  /** The first value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
        .flatMap(e -> e.getValue().stream())
        .findFirst();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return text;
    }
  }
}
