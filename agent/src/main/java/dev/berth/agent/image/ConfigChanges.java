package dev.berth.agent.image;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Dockerfile-style changes to an image config, as {@code docker import --change} and
 * {@code docker commit --change} take them: CMD, ENTRYPOINT, ENV, EXPOSE, WORKDIR, USER, LABEL,
 * VOLUME, STOPSIGNAL. CMD and ENTRYPOINT take the JSON form or the shell form
 * ({@code /bin/sh -c "…"}); ENV and LABEL take {@code k=v …} (quotes allowed) or ENV's {@code k v}.
 */
public final class ConfigChanges {
  private ConfigChanges() {}

  /** Applies every change to {@code config}, in order; a bad one is an IllegalArgumentException. */
  public static void apply(List<String> changes, ContainerConfig config) {
    for (String change : changes) {
      String trimmed = change.strip();
      int space = trimmed.indexOf(' ');
      String instruction = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
      String args = space < 0 ? "" : trimmed.substring(space + 1).strip();
      if (args.isEmpty()) {
        throw new IllegalArgumentException(instruction + " requires at least one argument");
      }
      switch (instruction) {
        case "CMD" -> config.cmd = command(args);
        case "ENTRYPOINT" -> config.entrypoint = command(args);
        case "ENV" -> env(args, config);
        case "LABEL" -> label(args, config);
        case "EXPOSE" -> expose(args, config);
        case "VOLUME" -> volume(args, config);
        case "WORKDIR" -> config.workingDir = args.startsWith("/") || config.workingDir == null
            ? args : config.workingDir.replaceAll("/+$", "") + "/" + args;
        case "USER" -> config.user = args;
        case "STOPSIGNAL" -> config.stopSignal = args;
        default -> throw new IllegalArgumentException(instruction + " is not a valid change command");
      }
    }
  }

  private static List<String> command(String args) {
    if (args.startsWith("[")) {
      try {
        return ImageJson.mapper().readValue(args, new TypeReference<List<String>>() {});
      } catch (java.io.IOException notJson) {
        // Docker falls back to the shell form too
      }
    }
    return List.of("/bin/sh", "-c", args);
  }

  private static void env(String args, ContainerConfig config) {
    List<String> words = Words.split(args);
    List<String> pairs = new ArrayList<>();
    if (!words.get(0).contains("=")) { // ENV key value with spaces
      String key = words.get(0);
      pairs.add(key + "=" + args.substring(args.indexOf(key) + key.length()).strip());
    } else {
      for (String word : words) {
        if (!word.contains("=")) {
          throw new IllegalArgumentException("ENV names can not be blank: " + word);
        }
        pairs.add(word);
      }
    }
    List<String> env = config.env == null ? new ArrayList<>() : new ArrayList<>(config.env);
    for (String pair : pairs) {
      String key = pair.substring(0, pair.indexOf('='));
      env.removeIf(existing -> existing.startsWith(key + "="));
      env.add(pair);
    }
    config.env = env;
  }

  private static void label(String args, ContainerConfig config) {
    LinkedHashMap<String, String> labels = config.labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(config.labels);
    for (String word : Words.split(args)) {
      int equals = word.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("LABEL must have the form key=value: " + word);
      }
      labels.put(word.substring(0, equals), word.substring(equals + 1));
    }
    config.labels = labels;
  }

  private static void expose(String args, ContainerConfig config) {
    LinkedHashMap<String, java.util.Map<String, Object>> ports =
        config.exposedPorts == null ? new LinkedHashMap<>() : new LinkedHashMap<>(config.exposedPorts);
    for (String port : Words.split(args)) {
      String spec = port.contains("/") ? port.toLowerCase(Locale.ROOT) : port + "/tcp";
      if (!spec.matches("[0-9]+(-[0-9]+)?/(tcp|udp|sctp)")) {
        throw new IllegalArgumentException("invalid containerPort: " + port);
      }
      ports.put(spec, new LinkedHashMap<>());
    }
    config.exposedPorts = ports;
  }

  private static void volume(String args, ContainerConfig config) {
    LinkedHashMap<String, java.util.Map<String, Object>> volumes =
        config.volumes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(config.volumes);
    List<String> paths = args.startsWith("[") ? command(args) : Words.split(args);
    if (paths.size() == 3 && paths.get(0).equals("/bin/sh") && paths.get(1).equals("-c")) {
      paths = Words.split(args); // not JSON after all
    }
    for (String path : paths) {
      volumes.put(path, new LinkedHashMap<>());
    }
    config.volumes = volumes;
  }

  /** Splits on unquoted whitespace; double and single quotes group, backslash escapes. */
  static final class Words {
    static List<String> split(String text) {
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      boolean inWord = false;
      char quote = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote == 0 && Character.isWhitespace(c)) {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        } else if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
          inWord = true;
        } else if ((c == '"' || c == '\'') && (quote == 0 || quote == c)) {
          quote = quote == 0 ? c : 0;
          inWord = true;
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (quote != 0) {
        throw new IllegalArgumentException("unmatched quote in: " + text);
      }
      if (inWord) {
        words.add(word.toString());
      }
      return words;
    }
  }
}
