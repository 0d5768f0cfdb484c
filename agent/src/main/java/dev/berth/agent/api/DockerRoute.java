package dev.berth.agent.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A method set and a path template such as {@code /containers/{id}/json}, mapped to its endpoint.
 * A {@code {name}} part matches one non-empty path segment.
 */
public record DockerRoute(Set<String> methods, String template, DockerEndpoint endpoint) {

  /** A route answering GET only. */
  public static DockerRoute get(String template, DockerEndpoint endpoint) {
    return new DockerRoute(Set.of("GET"), template, endpoint);
  }

  /** A route answering both GET and HEAD. */
  public static DockerRoute getOrHead(String template, DockerEndpoint endpoint) {
    return new DockerRoute(Set.of("GET", "HEAD"), template, endpoint);
  }

  /** A route answering POST only. */
  public static DockerRoute post(String template, DockerEndpoint endpoint) {
    return new DockerRoute(Set.of("POST"), template, endpoint);
  }

  /** The path variables when {@code method} and the version-less {@code path} match this route. */
  public Optional<Map<String, String>> match(String method, String path) {
    if (!methods.contains(method)) {
      return Optional.empty();
    }
    List<String> expected = List.of(template.split("/", -1));
    List<String> actual = List.of(path.split("/", -1));
    if (expected.size() != actual.size()) {
      return Optional.empty();
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      String part = expected.get(i);
      if (part.startsWith("{") && part.endsWith("}")) {
        if (actual.get(i).isEmpty()) {
          return Optional.empty();
        }
        variables.put(part.substring(1, part.length() - 1), percentDecode(actual.get(i)));
      } else if (!part.equals(actual.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  /** Decodes %XX escapes; unlike a query string, a path keeps '+' as it is. */
  private static String percentDecode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return segment;
    }
  }
}
