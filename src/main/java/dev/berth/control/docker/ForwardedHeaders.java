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

  /** The request headers to send to the agent; an upgrade request keeps saying so. */
  static Map<String, List<String>> request(MultiMap headers) {
    Map<String, List<String>> forwarded = copy(headers, DROPPED_FROM_REQUEST);
    if (isUpgrade(headers)) {
      forwarded.put("Connection", List.of("Upgrade"));
      forwarded.put("Upgrade", List.of(headers.get("Upgrade")));
    }
    return forwarded;
  }

  /** Whether the client asks to switch protocols (docker attach and exec hijack the connection this way). */
  static boolean isUpgrade(MultiMap headers) {
    String connection = headers.get("Connection");
    return headers.get("Upgrade") != null && connection != null
        && connection.toLowerCase(Locale.ROOT).contains("upgrade");
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
