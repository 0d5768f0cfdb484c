package dev.berth.agent.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code .dockerignore} as moby's patternmatcher reads it: one pattern a line, {@code #}
 * comments, each cleaned like a path (leading {@code /} dropped); Go's {@code filepath.Match}
 * syntax plus {@code **} for any number of directories; {@code !} makes an exception. The last
 * pattern matching a path (or one of its parent directories) decides.
 */
final class DockerIgnore {
  private record Rule(Pattern pattern, boolean exclusion) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  /** The patterns of a {@code .dockerignore} file. */
  static DockerIgnore parse(String text) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean exclusion = line.startsWith("!");
      if (exclusion) {
        line = line.substring(1).strip();
      }
      String clean = Path.of("/").resolve(line).normalize().toString().substring(1);
      if (clean.isEmpty()) {
        continue;
      }
      rules.add(new Rule(regex(clean), exclusion));
    }
    return new DockerIgnore(rules);
  }

  /** Whether {@code relative} (a path in the context, {@code /}-separated) is left out. */
  boolean excludes(String relative) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesOrParent(rule.pattern(), relative)) {
        excluded = !rule.exclusion();
      }
    }
    return excluded;
  }

  /** Deletes what is excluded under {@code root}, except {@code keep}. */
  void prune(Path root, List<String> keep) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.filter(p -> !p.equals(root)).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : all) {
      String relative = root.relativize(path).toString();
      if (excludes(relative) && !keep.contains(relative)) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          try (Stream<Path> left = Files.list(path)) {
            if (left.findAny().isPresent()) {
              continue; // holds an exception
            }
          }
        }
        Files.delete(path);
      }
    }
  }

  private static boolean matchesOrParent(Pattern pattern, String relative) {
    String path = relative;
    while (true) {
      if (pattern.matcher(path).matches()) {
        return true;
      }
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        return false;
      }
      path = path.substring(0, slash);
    }
  }

  // patternmatcher's regexp: ** any directories, * and ? within a component, [..] classes.
  static Pattern regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        i++;
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
          i++;
          regex.append("(.*/)?");
        } else {
          regex.append(".*");
        }
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[') {
        int end = pattern.indexOf(']', i + 1);
        String set = end < 0 ? "\\[" : "[" + pattern.substring(i + 1, end).replaceFirst("^\\^", "^") + "]";
        regex.append(set);
        i = end < 0 ? i : end;
      } else if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
