package dev.berth.agent.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile as Docker's parser does ({@code frontend/dockerfile/parser}): parser
 * directives ({@code # escape=}, {@code # syntax=}) on the first lines only, comments, line
 * continuations with the escape character (comment and blank lines inside a continuation are
 * skipped), instruction keywords in any case, leading {@code --flags}, here-documents on RUN, COPY
 * and ADD. Each instruction's arguments are then checked ({@link InstructionRules}), so a bad
 * Dockerfile fails before anything is built, naming the line.
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)([\"']?)([A-Za-z0-9_.-]+)\\2");
  private static final List<String> HEREDOC_INSTRUCTIONS = List.of("RUN", "COPY", "ADD");

  private DockerfileParser() {}

  /** Parses {@code text}; a DockerfileParseException names the first problem's line. */
  public static Dockerfile parse(String text) {
    Dockerfile dockerfile = read(text);
    InstructionRules.check(dockerfile);
    return dockerfile;
  }

  /** The instructions of {@code text}, unchecked (ONBUILD triggers, one line each). */
  static List<Instruction> instructions(String text) {
    return read(text).instructions();
  }

  private static Dockerfile read(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
      lines[0] = lines[0].substring(1);
    }
    char escape = '\\';
    Optional<String> syntax = Optional.empty();
    int at = 0;
    for (; at < lines.length; at++) {
      Matcher directive = DIRECTIVE.matcher(lines[at].strip());
      if (!directive.matches()) {
        break;
      }
      String name = directive.group(1).toLowerCase(Locale.ROOT);
      String value = directive.group(2);
      if (name.equals("escape")) {
        if (!value.equals("\\") && !value.equals("`")) {
          throw new DockerfileParseException(at + 1, "invalid escape token '" + value + "' does not match ` or \\");
        }
        escape = value.charAt(0);
      } else if (name.equals("syntax")) {
        syntax = Optional.of(value);
      }
    }
    Pattern continuation = Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    List<Instruction> instructions = new ArrayList<>();
    while (at < lines.length) {
      String first = lines[at++].stripLeading();
      int startLine = at;
      if (isComment(first) || first.isBlank()) {
        continue;
      }
      StringBuilder line = new StringBuilder();
      boolean ended = appendLine(line, first, continuation);
      while (!ended && at < lines.length) {
        String next = lines[at++];
        if (isComment(next) || next.isBlank()) {
          continue;
        }
        ended = appendLine(line, next, continuation);
      }
      Instruction instruction = instruction(line.toString(), startLine);
      if (HEREDOC_INSTRUCTIONS.contains(instruction.keyword()) && instruction.execForm().isEmpty()) {
        List<Heredoc> heredocs = new ArrayList<>();
        Matcher heredoc = HEREDOC.matcher(instruction.args());
        while (heredoc.find()) {
          boolean chomp = !heredoc.group(1).isEmpty();
          String name = heredoc.group(3);
          StringBuilder content = new StringBuilder();
          boolean terminated = false;
          while (at < lines.length) {
            String body = lines[at++];
            String candidate = chomp ? body.replaceFirst("^\\t+", "") : body;
            if (candidate.equals(name)) {
              terminated = true;
              break;
            }
            content.append(candidate).append('\n');
          }
          if (!terminated) {
            throw new DockerfileParseException(startLine, "unterminated heredoc");
          }
          heredocs.add(new Heredoc(name, content.toString(), heredoc.group(2).isEmpty()));
        }
        instruction = new Instruction(startLine, instruction.keyword(), instruction.flags(), instruction.args(),
            heredocs, instruction.original());
      }
      instructions.add(instruction);
    }
    return new Dockerfile(instructions, escape, syntax);
  }

  // Appends a physical line; false when it ends in a continuation (the escape character, then blanks).
  private static boolean appendLine(StringBuilder line, String text, Pattern continuation) {
    Matcher matcher = continuation.matcher(text);
    if (matcher.find()) {
      line.append(text, 0, matcher.start());
      return false;
    }
    line.append(text);
    return true;
  }

  private static boolean isComment(String line) {
    return line.stripLeading().startsWith("#");
  }

  // The keyword, then --flags until the first word that is not one ("--" ends them), then the rest.
  private static Instruction instruction(String line, int number) {
    String trimmed = line.strip();
    String[] split = trimmed.split("\\s+", 2);
    String keyword = split[0];
    String rest = split.length > 1 ? split[1] : "";
    Map<String, String> flags = new LinkedHashMap<>();
    while (rest.startsWith("--")) {
      String[] flagAndRest = rest.split("\\s+", 2);
      String flag = flagAndRest[0];
      rest = flagAndRest.length > 1 ? flagAndRest[1] : "";
      if (flag.equals("--")) {
        break;
      }
      int equals = flag.indexOf('=');
      String name = equals < 0 ? flag.substring(2) : flag.substring(2, equals);
      if (flags.containsKey(name)) {
        throw new DockerfileParseException(number, "Duplicate flag specified: " + name);
      }
      flags.put(name, equals < 0 ? "" : flag.substring(equals + 1));
    }
    return new Instruction(number, keyword, flags, rest.strip(), List.of(), trimmed);
  }
}
