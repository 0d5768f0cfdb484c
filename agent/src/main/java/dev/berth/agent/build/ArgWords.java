package dev.berth.agent.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How the Dockerfile parser cuts an instruction's arguments into words, before substitution
 * (moby's {@code parser/line_parsers.go}): the exec form (a JSON array of strings, else the shell
 * form), whitespace-separated words, and {@code parseWords}, which keeps quotes and escapes for the
 * substitution to remove, used by ENV, LABEL and ARG's {@code name=value} pairs.
 */
final class ArgWords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgWords() {}

  /** A name and its value (null: ARG without a default). */
  record Pair(String name, String value) {}

  /** The strings of {@code text} when it is a JSON array of strings; empty otherwise (Docker falls back to the shell form). */
  static Optional<List<String>> jsonArray(String text) {
    if (!text.startsWith("[")) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isArray()) {
        return Optional.empty();
      }
      List<String> words = new ArrayList<>();
      for (JsonNode word : node) {
        if (!word.isTextual()) {
          return Optional.empty();
        }
        words.add(word.asText());
      }
      return Optional.of(words);
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /** Words separated by whitespace. */
  static List<String> whitespace(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  /** moby's parseWords: splits on unquoted whitespace, keeping quotes and escapes in the words. */
  static List<String> quoted(String text, char escape) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean blankOk = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote == 0) {
        if (Character.isWhitespace(c)) {
          if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
          }
          word.setLength(0);
          inWord = false;
          blankOk = false;
          continue;
        }
        inWord = true;
        if (c == '\'' || c == '"') {
          quote = c;
          blankOk = true;
        } else if (c == escape) {
          if (i + 1 == text.length()) {
            continue;
          }
          word.append(c);
          c = text.charAt(++i);
        }
        word.append(c);
      } else {
        if (c == quote) {
          quote = 0;
        } else if (c == escape && quote != '\'') {
          if (i + 1 == text.length()) {
            continue;
          }
          word.append(c);
          c = text.charAt(++i);
        }
        word.append(c);
      }
    }
    if (inWord && (blankOk || word.length() > 0)) {
      words.add(word.toString());
    }
    return words;
  }

  /**
   * ENV and LABEL: one {@code name value} (the rest of the line is the value) or many
   * {@code name=value} words.
   */
  static List<Pair> nameValues(Instruction instruction, char escape) {
    String keyword = instruction.keyword();
    List<String> words = quoted(instruction.args(), escape);
    if (words.isEmpty()) {
      throw instruction.error(keyword + " requires at least one argument");
    }
    if (!words.get(0).contains("=")) {
      String[] parts = instruction.args().strip().split("\\s+", 2);
      if (parts.length < 2) {
        throw instruction.error(keyword + " must have two arguments");
      }
      return List.of(new Pair(parts[0], parts[1]));
    }
    List<Pair> pairs = new ArrayList<>();
    for (String word : words) {
      int equals = word.indexOf('=');
      if (equals < 0) {
        throw instruction.error("Syntax error - can't find = in \"" + word + "\". Must be of the form: name=value");
      }
      if (equals == 0) {
        throw instruction.error(keyword + " names can not be blank");
      }
      pairs.add(new Pair(word.substring(0, equals), word.substring(equals + 1)));
    }
    return pairs;
  }

  /** ARG: {@code name} or {@code name=default} words. */
  static List<Pair> names(Instruction instruction, char escape) {
    List<String> words = quoted(instruction.args(), escape);
    if (words.isEmpty()) {
      throw instruction.error("ARG requires at least one argument");
    }
    List<Pair> pairs = new ArrayList<>();
    for (String word : words) {
      int equals = word.indexOf('=');
      if (equals == 0) {
        throw instruction.error("ARG names can not be blank");
      }
      pairs.add(equals < 0 ? new Pair(word, null) : new Pair(word.substring(0, equals), word.substring(equals + 1)));
    }
    return pairs;
  }
}
