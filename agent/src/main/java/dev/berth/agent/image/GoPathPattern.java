package dev.berth.agent.image;

import java.util.regex.Pattern;

/**
 * Go's {@code path.Match} patterns (what dockerd uses for {@code docker images reference=} filters
 * and the builder for COPY/ADD sources) as Java regexes: {@code *} and {@code ?} stay within one
 * path component, {@code [classes]} (with {@code ^} negation), {@code \} escapes.
 */
public final class GoPathPattern {
  private GoPathPattern() {}

  /** The regex for {@code pattern}; {@link IllegalArgumentException} for an unclosed {@code [}. */
  public static Pattern compile(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '[' -> {
          int close = pattern.indexOf(']', i + 1);
          if (close < 0) {
            throw new IllegalArgumentException("syntax error in pattern: " + pattern);
          }
          regex.append('[').append(pattern, i + 1, close).append(']');
          i = close;
        }
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
