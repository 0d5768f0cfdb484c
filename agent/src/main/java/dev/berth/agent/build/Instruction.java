package dev.berth.agent.build;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One Dockerfile instruction as parsed, before variables are substituted: its keyword (upper
 * case), its leading {@code --flags}, the rest of its line (continuations joined), the here-documents
 * it reads and where it starts.
 *
 * @param line the 1-based line it starts on
 * @param keyword the instruction, upper case ({@code RUN})
 * @param flags {@code --name=value} flags before the arguments, by name; a bare {@code --name} maps to {@code ""}
 * @param args the arguments: everything after the flags, trimmed
 * @param heredocs here-documents, in order
 * @param original the instruction as written (continuations joined), for messages and history
 */
public record Instruction(int line, String keyword, Map<String, String> flags, String args, List<Heredoc> heredocs,
    String original) {

  /** Copies the parts. */
  public Instruction {
    keyword = keyword.toUpperCase(Locale.ROOT);
    flags = Map.copyOf(flags);
    heredocs = List.copyOf(heredocs);
  }

  /** The flag {@code name}, when given. */
  public Optional<String> flag(String name) {
    return Optional.ofNullable(flags.get(name));
  }

  /** The arguments in exec form when they are a JSON array of strings, else empty (shell form). */
  public Optional<List<String>> execForm() {
    return ArgWords.jsonArray(args);
  }

  /** The arguments as whitespace-separated words (quotes kept), or the JSON array's strings. */
  public List<String> words() {
    return execForm().orElseGet(() -> ArgWords.whitespace(args));
  }

  /** The error for this instruction, naming its line. */
  DockerfileParseException error(String message) {
    return new DockerfileParseException(line, message);
  }
}
