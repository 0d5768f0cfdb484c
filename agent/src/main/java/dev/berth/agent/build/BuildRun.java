package dev.berth.agent.build;

import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageNotFoundException;
import dev.berth.agent.image.json.ImageConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One build: the ARGs before the first FROM, the stages the target needs (the target and,
 * transitively, those it names in FROM or COPY --from; the others are skipped), each stage from
 * its base image (and the base's ONBUILD triggers) through its instructions, numbered
 * {@code Step n/m} over the stages built; then {@code --label}s and the warning for unused
 * {@code --build-arg}s. Each instruction goes to its step: RUN to {@link RunStep}, COPY and ADD to
 * {@link CopyStep}, WORKDIR to a layer that makes the directory, the rest to {@link MetadataStep}.
 */
final class BuildRun {
  private final Dockerfile dockerfile;
  private final BuildSteps steps;
  private final BuildOptions options;
  private final VariableExpander expander;
  private final RunStep runStep;
  private final CopyStep copyStep;
  private final Map<String, String> metaArgs = new LinkedHashMap<>();
  private final Map<String, BuildStage> named = new LinkedHashMap<>();
  private final List<BuildStage> built = new ArrayList<>();
  private int step;
  private int stepCount;

  BuildRun(Dockerfile dockerfile, BuildContext context, BuildSteps steps) {
    this.dockerfile = dockerfile;
    this.steps = steps;
    this.options = steps.options;
    this.expander = new VariableExpander(dockerfile.escape());
    this.runStep = new RunStep(steps);
    this.copyStep = new CopyStep(steps, context, expander, this::fromImage);
  }

  /** Builds the target stage; returns its image. */
  Image all() throws IOException {
    for (Instruction arg : dockerfile.metaArgs()) {
      for (ArgWords.Pair pair : ArgWords.names(arg, dockerfile.escape())) {
        metaArgs.put(pair.name(), argValue(pair, metaArgs));
      }
    }
    List<List<Instruction>> stages = dockerfile.stages();
    int target = target(stages);
    boolean[] needed = needed(stages, target);
    for (int i = 0; i <= target; i++) {
      stepCount += needed[i] ? stages.get(i).size() : 0;
    }
    BuildStage stage = null;
    for (int i = 0; i <= target; i++) {
      if (!needed[i]) {
        built.add(null);
        continue;
      }
      stage = stage(stages.get(i));
      built.add(stage);
      if (stage.name != null) {
        named.put(stage.name, stage);
      }
    }
    if (!options.labels().isEmpty()) {
      Map<String, String> labels = new java.util.TreeMap<>(stage.config.labels == null ? Map.of() : stage.config.labels);
      labels.putAll(options.labels());
      stage.config.labels = labels;
      steps.metadata(stage, "LABEL " + String.join(" ", options.labels().entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
    }
    List<String> unused = options.buildArgs().keySet().stream().filter(name -> !RunStep.PROXY_ARGS.contains(name)
        && !metaArgs.containsKey(name) && built.stream().noneMatch(s -> s != null && s.args.containsKey(name)))
        .sorted().toList();
    if (!unused.isEmpty()) {
      steps.out.print("[Warning] One or more build-args " + unused + " were not consumed\n");
    }
    return stage.image;
  }

  private int target(List<List<Instruction>> stages) {
    if (options.target().isEmpty()) {
      return stages.size() - 1;
    }
    int target = -1;
    for (int i = 0; i < stages.size(); i++) {
      if (stageName(stages.get(i)).equals(options.target().get().toLowerCase(Locale.ROOT))) {
        target = i;
      }
    }
    if (target < 0) {
      throw new BuildFailedException("failed to reach build target " + options.target().get() + " in Dockerfile");
    }
    return target;
  }

  // The target and the stages it uses (FROM <stage>, COPY --from=<stage>), transitively.
  private boolean[] needed(List<List<Instruction>> stages, int target) {
    boolean[] needed = new boolean[stages.size()];
    needed[target] = true;
    for (int i = target; i >= 0; i--) {
      if (!needed[i]) {
        continue;
      }
      for (Instruction instruction : stages.get(i)) {
        String used = instruction.keyword().equals("FROM") ? instruction.words().get(0)
            : instruction.flag("from").orElse(null);
        for (int j = 0; used != null && j < i; j++) {
          if (stageName(stages.get(j)).equals(used.toLowerCase(Locale.ROOT)) || used.equals(String.valueOf(j))) {
            needed[j] = true;
          }
        }
      }
    }
    return needed;
  }

  private static String stageName(List<Instruction> stage) {
    List<String> words = stage.get(0).words();
    return words.size() == 3 ? words.get(2).toLowerCase(Locale.ROOT) : "";
  }

  private BuildStage stage(List<Instruction> instructions) throws IOException {
    Instruction from = instructions.get(0);
    String ref = expander.word(from.words().get(0), metaArgs);
    String name = stageName(instructions);
    steps.out.print(stepLine(from, "FROM " + ref + (name.isEmpty() ? "" : " AS " + name)));
    Image base;
    if (ref.equalsIgnoreCase("scratch")) {
      base = steps.images.scratch();
    } else if (named.containsKey(ref.toLowerCase(Locale.ROOT))) {
      base = named.get(ref.toLowerCase(Locale.ROOT)).image;
    } else {
      try {
        base = steps.images.store().resolve(ref);
      } catch (ImageNotFoundException e) {
        throw new BuildFailedException("pull access denied for " + ref + ": no such image on this host and this"
            + " agent does not pull: load or build it first");
      }
    }
    ImageConfig config = steps.images.configs().of(base);
    BuildStage stage = new BuildStage(name.isEmpty() ? null : name, base, config.containerConfig());
    stage.author = config.author;
    steps.out.print(" ---> " + (ref.equalsIgnoreCase("scratch") ? "" : BuildSteps.shortId(base)) + "\n");
    if (stage.config.onBuild != null && !stage.config.onBuild.isEmpty()) {
      List<Instruction> triggers = OnBuild.triggers(stage.config.onBuild, from.line());
      steps.out.print("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
      stage.config.onBuild = null;
      for (Instruction trigger : triggers) {
        instruction(stage, trigger);
      }
    }
    for (Instruction instruction : instructions.subList(1, instructions.size())) {
      steps.out.print(stepLine(instruction, instruction.original()));
      instruction(stage, instruction);
    }
    return stage;
  }

  private String stepLine(Instruction instruction, String text) {
    step++;
    return "Step " + step + "/" + stepCount + " : " + text + "\n";
  }

  private void instruction(BuildStage stage, Instruction instruction) throws IOException {
    switch (instruction.keyword()) {
      case "ARG" -> {
        for (ArgWords.Pair pair : ArgWords.names(instruction, dockerfile.escape())) {
          String value = options.buildArgs().containsKey(pair.name()) ? options.buildArgs().get(pair.name())
              : pair.value() != null ? expander.word(pair.value(), stage.substitutions()) : metaArgs.get(pair.name());
          stage.args.put(pair.name(), value);
        }
        steps.metadata(stage, "ARG " + instruction.args());
      }
      case "RUN" -> runStep.apply(stage, instruction);
      case "COPY", "ADD" -> copyStep.apply(stage, instruction);
      case "WORKDIR" -> {
        String shown = MetadataStep.apply(instruction, stage, expander);
        String dir = stage.config.workingDir;
        steps.layer(stage, "/bin/sh -c #(nop) " + shown, files -> FileStep.makeDirectories(files, dir, Optional.empty()));
      }
      default -> steps.metadata(stage, MetadataStep.apply(instruction, stage, expander));
    }
  }

  private String argValue(ArgWords.Pair pair, Map<String, String> vars) {
    if (options.buildArgs().containsKey(pair.name())) {
      return options.buildArgs().get(pair.name());
    }
    return pair.value() == null ? null : expander.word(pair.value(), vars);
  }

  private Image fromImage(String from) throws IOException {
    if (from.matches("[0-9]+")) {
      int index = Integer.parseInt(from);
      if (index >= built.size()) {
        throw new BuildFailedException("invalid from flag value " + from + ": refers to current build stage");
      }
      return built.get(index).image;
    }
    BuildStage stage = named.get(from.toLowerCase(Locale.ROOT));
    if (stage != null) {
      return stage.image;
    }
    try {
      return steps.images.store().resolve(from);
    } catch (ImageNotFoundException e) {
      throw new BuildFailedException("invalid from flag value " + from + ": no such stage or image on this host");
    }
  }
}
