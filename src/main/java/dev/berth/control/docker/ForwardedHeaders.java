package dev.berth.control.docker;

import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which HTTP headers cross the tunnel. Hop-by-hop headers belong to one connection, and the
 * caller's credentials stay at the control plane: the agent trusts the link, not the header.
 */
final class ForwardedHeaders {
  private static final Set<String> DROPPED_FROM_REQUEST = Set.of(
      "authorization", "cookie", "connection", "keep-alive", "proxy-authorization", "proxy-connection",
      "te", "trailer", "transfer-encoding", "upgrade");
  private static final Set<String> DROPPED_FROM_RESPONSE = Set.of(
      "connection", "keep-alive", "transfer-encoding", "trailer", "upgrade", "set-cookie");

  private ForwardedHeaders() {}

  /** The request headers to send to the agent. */
  static Map<String, List<String>> request(MultiMap headers) {
    return copy(headers, DROPPED_FROM_REQUEST);
  }

  /** Whether a response header from the agent may be passed to the client. */
  static boolean passesToClient(String name) {
    return !DROPPED_FROM_RESPONSE.contains(name.toLowerCase(Locale.ROOT));
  }

  private static Map<String, List<String>> copy(MultiMap headers, Set<String> dropped) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    for (String name : headers.names()) {
      if (!dropped.contains(name.toLowerCase(Locale.ROOT))) {
        copy.put(name, List.copyOf(headers.getAll(name)));
      }
    }
    return copy;
  }
}
