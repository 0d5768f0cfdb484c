package dev.berth.agent.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code WWW-Authenticate} challenge: its scheme ({@code Bearer} or {@code Basic}) and parameters (realm, service, scope). */
record Challenge(String scheme, Map<String, String> parameters) {
  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  /** Parses the header value. */
  static Challenge parse(String header) {
    String trimmed = header == null ? "" : header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
    Map<String, String> parameters = new HashMap<>();
    Matcher matcher = PARAMETER.matcher(space < 0 ? "" : trimmed.substring(space));
    while (matcher.find()) {
      parameters.put(matcher.group(1).toLowerCase(), matcher.group(2));
    }
    return new Challenge(scheme, parameters);
  }

  /** Whether the registry wants a bearer token. */
  boolean isBearer() {
    return scheme.equalsIgnoreCase("Bearer");
  }
}
