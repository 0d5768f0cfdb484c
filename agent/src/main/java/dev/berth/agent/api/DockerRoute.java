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
 * A {@code {name}} part matches one non-empty path segment; one {@code {name:.*}} part (as in
 * dockerd's routes, for image names such as {@code localhost:5000/a/b:t}) matches one or more.
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

  /** A route answering PUT only. */
  public static DockerRoute put(String template, DockerEndpoint endpoint) {
    return new DockerRoute(Set.of("PUT"), template, endpoint);
  }

  /** A route answering DELETE only. */
  public static DockerRoute delete(String template, DockerEndpoint endpoint) {
    return new DockerRoute(Set.of("DELETE"), template, endpoint);
  }

  /** The path variables when {@code method} and the version-less {@code path} match this route. */
  public Optional<Map<String, String>> match(String method, String path) {
    if (!methods.contains(method)) {
      return Optional.empty();
    }
    List<String> expected = List.of(template.split("/", -1));
    List<String> actual = List.of(path.split("/", -1));
    int greedy = greedyIndex(expected);
    if (greedy < 0 ? expected.size() != actual.size() : actual.size() < expected.size()) {
      return Optional.empty();
    }
    Map<String, String> variables = new LinkedHashMap<>();
    int tail = actual.size() - expected.size();
    for (int i = 0; i < expected.size(); i++) {
      String part = expected.get(i);
      int at = greedy >= 0 && i > greedy ? i + tail : i;
      if (i == greedy) {
        List<String> segments = actual.subList(i, i + tail + 1);
        if (segments.stream().anyMatch(String::isEmpty)) {
          return Optional.empty();
        }
        variables.put(part.substring(1, part.indexOf(':')),
            String.join("/", segments.stream().map(DockerRoute::percentDecode).toList()));
      } else if (part.startsWith("{") && part.endsWith("}")) {
        if (actual.get(at).isEmpty()) {
          return Optional.empty();
        }
        variables.put(part.substring(1, part.length() - 1), percentDecode(actual.get(at)));
      } else if (!part.equals(actual.get(at))) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  private static int greedyIndex(List<String> template) {
    for (int i = 0; i < template.size(); i++) {
      if (template.get(i).startsWith("{") && template.get(i).endsWith(":.*}")) {
        return i;
      }
    }
    return -1;
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
