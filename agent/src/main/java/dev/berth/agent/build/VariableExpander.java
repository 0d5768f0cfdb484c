package dev.berth.agent.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Docker's substitution of {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-word}}, {@code ${VAR:+word}}
 * (and {@code -}/{@code +} without the colon) in the instructions that take it (ADD, COPY, ENV,
 * EXPOSE, FROM, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR, ARG, ONBUILD not), after moby's
 * {@code shell/lex.go}: single quotes are literal, double quotes allow substitution and escape
 * only {@code "}, {@code $} and the escape character, an unquoted escape makes the next character
 * literal ({@code \$HOME} stays {@code $HOME}); quotes are removed. An unset variable is empty.
 */
public final class VariableExpander {
  private final char escape;

  /** Substitutes with {@code escape} as the escape character ({@code \} or {@code `}). */
  public VariableExpander(char escape) {
    this.escape = escape;
  }

  /** The escape character. */
  public char escape() {
    return escape;
  }

  /** {@code text} as one word, whitespace kept. */
  public String word(String text, Map<String, String> env) {
    List<String> words = new Scan(text, env).process(false);
    return words.isEmpty() ? "" : words.get(0);
  }

  /** {@code text} split on unquoted whitespace into words, each substituted. */
  public List<String> words(String text, Map<String, String> env) {
    return new Scan(text, env).process(true);
  }

  private final class Scan {
    private final String text;
    private final Map<String, String> env;
    private int pos;

    Scan(String text, Map<String, String> env) {
      this.text = text;
      this.env = env;
    }

    List<String> process(boolean split) {
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      boolean inWord = false;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (split && Character.isWhitespace(c)) {
          pos++;
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
          continue;
        }
        inWord = true;
        word.append(stopAt(split));
      }
      if (inWord || !split) {
        words.add(word.toString());
      }
      return words;
    }

    // A run of text up to unquoted whitespace (when splitting) or the end.
    private String stopAt(boolean split) {
      return until(c -> split && Character.isWhitespace(c));
    }

    private String until(CharStop stop) {
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (stop.at(c)) {
          break;
        }
        if (c == '\'') {
          pos++;
          out.append(singleQuoted());
        } else if (c == '"') {
          pos++;
          out.append(doubleQuoted());
        } else if (c == '$') {
          out.append(dollar());
        } else if (c == escape) {
          pos++;
          if (pos < text.length()) {
            out.append(text.charAt(pos++));
          }
        } else {
          out.append(c);
          pos++;
        }
      }
      return out.toString();
    }

    private String singleQuoted() {
      int end = text.indexOf('\'', pos);
      if (end < 0) {
        throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
      }
      String literal = text.substring(pos, end);
      pos = end + 1;
      return literal;
    }

    private String doubleQuoted() {
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          pos++;
          return out.toString();
        }
        if (c == '$') {
          out.append(dollar());
          continue;
        }
        pos++;
        if (c == escape && pos < text.length()) {
          char next = text.charAt(pos);
          if (next == '"' || next == '$' || next == escape) {
            c = next;
            pos++;
          }
        }
        out.append(c);
      }
    }

    // At a '$': the variable's value, or a literal '$' when no name follows.
    private String dollar() {
      pos++;
      if (pos >= text.length()) {
        return "$";
      }
      char c = text.charAt(pos);
      if (c != '{') {
        String name = name();
        return name.isEmpty() ? "$" : env.getOrDefault(name, "");
      }
      pos++;
      String name = name();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("bad substitution: missing variable name in ${}");
      }
      if (pos >= text.length()) {
        throw new IllegalArgumentException("missing '}'");
      }
      char next = text.charAt(pos);
      if (next == '}') {
        pos++;
        return env.getOrDefault(name, "");
      }
      boolean colon = next == ':';
      if (colon) {
        pos++;
      }
      if (pos >= text.length()) {
        throw new IllegalArgumentException("missing '}'");
      }
      char modifier = text.charAt(pos++);
      String word = until(ch -> ch == '}');
      if (pos >= text.length()) {
        throw new IllegalArgumentException("missing '}'");
      }
      pos++;
      String value = env.get(name);
      boolean set = value != null && (!colon || !value.isEmpty());
      return switch (modifier) {
        case '-' -> set ? value : word;
        case '+' -> set ? word : "";
        case '?' -> {
          if (!set) {
            throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          }
          yield value;
        }
        default -> throw new IllegalArgumentException("unsupported modifier (" + modifier + ") in substitution");
      };
    }

    private String name() {
      int start = pos;
      while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      return text.substring(start, pos);
    }
  }

  @FunctionalInterface
  private interface CharStop {
    boolean at(char c);
  }
}
