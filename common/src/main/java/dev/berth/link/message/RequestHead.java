package dev.berth.link.message;

import java.util.List;
import java.util.Map;

/**
 * The head of a stream, sent in its OPEN frame. {@code kind} says what the stream is for:
 * {@code docker} (one tunnelled Docker Engine API request: method, path with query, headers) or
 * the link's own diagnostics {@code link.echo} and {@code link.generate} (which sends {@code bytes}).
 */
public record RequestHead(
    String kind, String method, String path, Map<String, List<String>> headers, long bytes) {

  /** A tunnelled Docker Engine API request. */
  public static RequestHead docker(String method, String path, Map<String, List<String>> headers) {
    return new RequestHead("docker", method, path, headers, 0);
  }

  /** A diagnostic stream of the given kind. */
  public static RequestHead diagnostic(String kind, long bytes) {
    return new RequestHead(kind, null, null, Map.of(), bytes);
  }
}
