package dev.berth.control.security;

import java.util.Set;

/**
 * What {@link Authorization} needs to know of a request, whichever interface it came through.
 *
 * @param method the HTTP method
 * @param path the request path (e.g. {@code /api/v1/users}, {@code /docker/web-1/v1.47/containers/create})
 * @param host the host it acts on, when known (null otherwise)
 * @param csrfToken the CSRF token presented in a header or form field (null when absent)
 * @param fetchSite the browser's {@code Sec-Fetch-Site} header (null when absent)
 */
public record AccessRequest(String method, String path, String host, String csrfToken, String fetchSite) {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** Whether the request only reads. */
  public boolean reads() {
    return READS.contains(method);
  }
}
