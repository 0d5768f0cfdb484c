package dev.berth.agent.build;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each instruction accepts (moby's {@code instructions/parse.go}): its flags, how many
 * arguments, which forms; checked for the whole Dockerfile before the build starts.
 */
final class InstructionRules {
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Set<String> HEALTHCHECK_FLAGS = Set.of("interval", "timeout", "start-period", "start-interval",
      "retries");
  private static final Map<String, Set<String>> FLAGS = Map.ofEntries(
      Map.entry("FROM", Set.of("platform")),
      Map.entry("RUN", Set.of()),
      Map.entry("CMD", Set.of()),
      Map.entry("ENTRYPOINT", Set.of()),
      Map.entry("ENV", Set.of()),
      Map.entry("ARG", Set.of()),
      Map.entry("LABEL", Set.of()),
      Map.entry("MAINTAINER", Set.of()),
      Map.entry("EXPOSE", Set.of()),
      Map.entry("VOLUME", Set.of()),
      Map.entry("WORKDIR", Set.of()),
      Map.entry("USER", Set.of()),
      Map.entry("HEALTHCHECK", HEALTHCHECK_FLAGS),
      Map.entry("ONBUILD", Set.of()),
      Map.entry("STOPSIGNAL", Set.of()),
      Map.entry("SHELL", Set.of()),
      Map.entry("COPY", Set.of("from", "chown", "chmod", "link")),
      Map.entry("ADD", Set.of("chown", "chmod", "link")));

  private InstructionRules() {}

  /** Checks every instruction and the file as a whole. */
  static void check(Dockerfile dockerfile) {
    if (dockerfile.instructions().isEmpty()) {
      throw new DockerfileParseException(0, "the Dockerfile (Dockerfile) cannot be empty");
    }
    boolean seenFrom = false;
    for (Instruction instruction : dockerfile.instructions()) {
      check(instruction, dockerfile.escape());
      if (instruction.keyword().equals("FROM")) {
        seenFrom = true;
      } else if (!seenFrom && !instruction.keyword().equals("ARG")) {
        throw instruction.error("no build stage in current context");
      }
    }
    if (!seenFrom) {
      throw new DockerfileParseException(0, "no build stage in current context");
    }
  }

  /** Checks one instruction (also an ONBUILD trigger's). */
  static void check(Instruction instruction, char escape) {
    String keyword = instruction.keyword();
    Set<String> allowed = FLAGS.get(keyword);
    if (allowed == null) {
      throw instruction.error("unknown instruction: " + keyword);
    }
    for (String flag : instruction.flags().keySet()) {
      if (!allowed.contains(flag)) {
        throw instruction.error("Unknown flag: " + flag);
      }
    }
    String args = instruction.args();
    List<String> words = instruction.words();
    switch (keyword) {
      case "FROM" -> {
        if (words.size() != 1 && !(words.size() == 3 && words.get(1).equalsIgnoreCase("AS"))) {
          throw instruction.error("FROM requires either one or three arguments");
        }
        if (words.size() == 3 && !STAGE_NAME.matcher(words.get(2).toLowerCase()).matches()) {
          throw instruction.error("invalid name for build stage: \"" + words.get(2)
              + "\", name can't start with a number or contain symbols");
        }
      }
      case "RUN", "CMD", "ENTRYPOINT" -> {
        if (args.isEmpty()) {
          throw instruction.error(keyword + " requires at least one argument");
        }
      }
      case "COPY", "ADD" -> {
        if (words.size() < 2) {
          throw instruction.error(keyword + " requires at least two arguments, but only one was provided. Destination"
              + " could not be determined.");
        }
      }
      case "ENV", "LABEL" -> ArgWords.nameValues(instruction, escape);
      case "ARG" -> ArgWords.names(instruction, escape);
      case "MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL" -> {
        if (args.isEmpty()) {
          throw instruction.error(keyword + " requires exactly one argument");
        }
        if (keyword.equals("STOPSIGNAL") && words.size() != 1) {
          throw instruction.error("STOPSIGNAL requires exactly one argument");
        }
      }
      case "EXPOSE", "VOLUME" -> {
        if (words.isEmpty()) {
          throw instruction.error(keyword + " requires at least one argument");
        }
        if (keyword.equals("VOLUME") && words.stream().anyMatch(String::isBlank)) {
          throw instruction.error("VOLUME specified can not be an empty string");
        }
      }
      case "SHELL" -> {
        if (instruction.execForm().isEmpty()) {
          throw instruction.error("SHELL requires the arguments to be in JSON form");
        }
        if (instruction.execForm().get().isEmpty()) {
          throw instruction.error("SHELL requires at least one argument");
        }
      }
      case "HEALTHCHECK" -> Healthcheck.parse(instruction);
      case "ONBUILD" -> {
        if (args.isEmpty()) {
          throw instruction.error("ONBUILD requires at least one argument");
        }
        Instruction trigger = OnBuild.trigger(instruction);
        switch (trigger.keyword()) {
          case "ONBUILD" -> throw instruction.error("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
          case "FROM", "MAINTAINER" -> throw instruction.error(trigger.keyword()
              + " isn't allowed as an ONBUILD trigger");
          default -> check(trigger, escape);
        }
      }
      default -> { }
    }
  }
}
