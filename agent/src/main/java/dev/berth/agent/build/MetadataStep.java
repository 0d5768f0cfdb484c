package dev.berth.agent.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instructions that only change the config (CMD, ENTRYPOINT, ENV, LABEL, MAINTAINER, EXPOSE,
 * VOLUME, USER, HEALTHCHECK, ONBUILD, STOPSIGNAL, SHELL; WORKDIR's config part), applied to a
 * stage as the legacy builder's dispatchers do, with substitution where Docker substitutes.
 */
final class MetadataStep {
  private MetadataStep() {}

  /** Applies {@code instruction} to {@code stage}'s config; returns the text its history shows. */
  static String apply(Instruction instruction, BuildStage stage, VariableExpander expander) {
    Map<String, String> vars = stage.substitutions();
    String args = instruction.args();
    var config = stage.config;
    switch (instruction.keyword()) {
      case "CMD" -> {
        config.cmd = command(instruction, stage);
        stage.cmdSet = true;
        return "CMD " + json(config.cmd);
      }
      case "ENTRYPOINT" -> {
        config.entrypoint = command(instruction, stage);
        if (!stage.cmdSet) {
          config.cmd = null; // an ENTRYPOINT resets the inherited CMD, not one the stage set, as in Docker
        }
        return "ENTRYPOINT " + json(config.entrypoint);
      }
      case "ENV" -> {
        List<String> env = config.env == null ? new ArrayList<>() : new ArrayList<>(config.env);
        StringBuilder shown = new StringBuilder("ENV");
        // Docker substitutes the whole instruction first (ENV a=2 b=$a gives b the old a), and
        // a variable set again keeps its place.
        Map<String, String> before = new LinkedHashMap<>(vars);
        for (ArgWords.Pair pair : ArgWords.nameValues(instruction, expander.escape())) {
          String name = expander.word(pair.name(), before);
          String value = expander.word(pair.value(), before);
          int at = indexOf(env, name);
          if (at < 0) {
            env.add(name + "=" + value);
          } else {
            env.set(at, name + "=" + value);
          }
          vars.put(name, value);
          shown.append(' ').append(name).append('=').append(value);
        }
        config.env = env;
        return shown.toString();
      }
      case "LABEL" -> {
        Map<String, String> labels = config.labels == null ? new TreeMap<>() // sorted, as Go writes maps
            : new TreeMap<>(config.labels);
        StringBuilder shown = new StringBuilder("LABEL");
        for (ArgWords.Pair pair : ArgWords.nameValues(instruction, expander.escape())) {
          String name = expander.word(pair.name(), vars);
          String value = expander.word(pair.value(), vars);
          labels.put(name, value);
          shown.append(' ').append(name).append('=').append(value);
        }
        config.labels = labels;
        return shown.toString();
      }
      case "MAINTAINER" -> {
        return "MAINTAINER " + args;
      }
      case "EXPOSE" -> {
        Map<String, Map<String, Object>> ports = config.exposedPorts == null ? new TreeMap<>()
            : new TreeMap<>(config.exposedPorts);
        List<String> shown = new ArrayList<>();
        for (String word : expander.words(args, vars)) {
          String spec = word.contains("/") ? word.toLowerCase(Locale.ROOT) : word + "/tcp";
          if (!spec.matches("[0-9]+(-[0-9]+)?/(tcp|udp|sctp)")) {
            throw instruction.error("invalid containerPort: " + word);
          }
          ports.put(spec, new LinkedHashMap<>());
          shown.add(spec);
        }
        config.exposedPorts = ports;
        return "EXPOSE " + String.join(" ", shown);
      }
      case "VOLUME" -> {
        Map<String, Map<String, Object>> volumes = config.volumes == null ? new TreeMap<>()
            : new TreeMap<>(config.volumes);
        List<String> paths = instruction.execForm().orElseGet(() -> ArgWords.whitespace(args));
        List<String> shown = new ArrayList<>();
        for (String path : paths) {
          String volume = expander.word(path, vars);
          volumes.put(volume, new LinkedHashMap<>());
          shown.add(volume);
        }
        config.volumes = volumes;
        return "VOLUME " + json(shown);
      }
      case "USER" -> {
        config.user = expander.word(args, vars);
        return "USER " + config.user;
      }
      case "WORKDIR" -> {
        String dir = expander.word(args, vars);
        String base = config.workingDir == null || config.workingDir.isEmpty() ? "/" : config.workingDir;
        config.workingDir = java.nio.file.Path.of(base).resolve(dir).normalize().toString();
        return "WORKDIR " + config.workingDir;
      }
      case "HEALTHCHECK" -> {
        config.healthcheck = new LinkedHashMap<>(Healthcheck.parse(instruction));
        return "HEALTHCHECK &" + config.healthcheck;
      }
      case "ONBUILD" -> {
        Instruction trigger = OnBuild.trigger(instruction);
        List<String> triggers = config.onBuild == null ? new ArrayList<>() : new ArrayList<>(config.onBuild);
        triggers.add(trigger.original());
        config.onBuild = triggers;
        return "ONBUILD " + trigger.original();
      }
      case "STOPSIGNAL" -> {
        config.stopSignal = expander.word(args, vars);
        return "STOPSIGNAL " + config.stopSignal;
      }
      case "SHELL" -> {
        config.shell = instruction.execForm().orElseThrow();
        return "SHELL " + json(config.shell);
      }
      default -> throw new IllegalStateException("not a metadata instruction: " + instruction.keyword());
    }
  }

  // CMD and ENTRYPOINT: the JSON form as it is, the shell form through the stage's shell.
  private static List<String> command(Instruction instruction, BuildStage stage) {
    return instruction.execForm().orElseGet(() -> {
      List<String> argv = new ArrayList<>(stage.shell());
      argv.add(instruction.args());
      return argv;
    });
  }

  private static int indexOf(List<String> env, String name) {
    for (int i = 0; i < env.size(); i++) {
      if (env.get(i).equals(name) || env.get(i).startsWith(name + "=")) {
        return i;
      }
    }
    return -1;
  }

  static String json(List<String> words) {
    try {
      return dev.berth.agent.image.json.ImageJson.mapper().writeValueAsString(words);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
