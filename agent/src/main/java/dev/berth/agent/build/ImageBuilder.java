package dev.berth.agent.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.image.ImageNotFoundException;
import dev.berth.agent.image.ImageService;
import dev.berth.agent.image.Reference;
import dev.berth.agent.image.json.ContainerConfig;
import dev.berth.agent.image.json.ImageConfig;
import dev.berth.agent.image.json.ImageJson;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code docker build} with the legacy builder's semantics: each instruction of the stages the
 * target needs is one step; a step that changes files runs in an intermediate container whose
 * writable layer is committed as a layer, the others commit an image with an empty layer; each
 * step's image is the parent of the next (kept, untagged: {@code docker images -a}). A step is
 * taken from the cache when a child of the current image has the same "created by" (which holds
 * the command, the ARGs it sees, and for COPY/ADD the checksum of the sources) and the same config.
 */
public final class ImageBuilder {
  private static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
      "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  private final ImageService images;
  private final BuildContainers containers;
  private final ContainerRuntime runtime;
  private final Path tmpDir;

  /** Builds into {@code images} with intermediate containers of {@code runtime}; spools under {@code tmpDir}. */
  public ImageBuilder(ImageService images, ContainerRuntime runtime, Path tmpDir) {
    this.images = images;
    this.runtime = runtime;
    this.containers = new BuildContainers(runtime, new ContainerCommitter(images));
    this.tmpDir = tmpDir;
  }

  /** Builds {@code dockerfile} with the files of {@code context}; returns the image (tagged as asked). */
  public Image build(Dockerfile dockerfile, BuildContext context, BuildOptions options, BuildOutput out)
      throws IOException {
    List<Reference> tags = new ArrayList<>();
    for (String tag : options.tags()) {
      tags.add(Reference.parse(tag).withDefaultTag());
    }
    Run run = new Run(dockerfile, context, options, options.quiet() ? text -> { } : out);
    Image image = run.all();
    run.out.print("Successfully built " + shortId(image) + "\n");
    for (Reference tag : tags) {
      images.tag(image.id().toString(), tag);
      run.out.print("Successfully tagged " + tag.familiar() + "\n");
    }
    if (options.quiet()) {
      out.print(image.id() + "\n");
    }
    return image;
  }

  static String shortId(Image image) {
    return image.id().encoded().substring(0, 12);
  }

  /** One build's state. */
  private final class Run {
    private final Dockerfile dockerfile;
    private final BuildContext context;
    private final BuildOptions options;
    private final BuildOutput out;
    private final VariableExpander expander;
    private final Map<String, String> metaArgs = new LinkedHashMap<>();
    private final Map<String, BuildStage> named = new LinkedHashMap<>();
    private final List<BuildStage> built = new ArrayList<>();
    private int step;
    private int steps;

    Run(Dockerfile dockerfile, BuildContext context, BuildOptions options, BuildOutput out) {
      this.dockerfile = dockerfile;
      this.context = context;
      this.options = options;
      this.out = out;
      this.expander = new VariableExpander(dockerfile.escape());
    }

    Image all() throws IOException {
      for (Instruction arg : dockerfile.metaArgs()) {
        for (ArgWords.Pair pair : ArgWords.names(arg, dockerfile.escape())) {
          metaArgs.put(pair.name(), argValue(pair, metaArgs));
        }
      }
      List<List<Instruction>> stages = dockerfile.stages();
      int target = stages.size() - 1;
      if (options.target().isPresent()) {
        target = -1;
        for (int i = 0; i < stages.size(); i++) {
          if (stageName(stages.get(i)).equals(options.target().get().toLowerCase(Locale.ROOT))) {
            target = i;
          }
        }
        if (target < 0) {
          throw new BuildFailedException("failed to reach build target " + options.target().get() + " in Dockerfile");
        }
      }
      boolean[] needed = needed(stages, target);
      for (int i = 0; i <= target; i++) {
        steps += needed[i] ? stages.get(i).size() : 0;
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
        Map<String, String> labels = new LinkedHashMap<>(stage.config.labels == null ? Map.of() : stage.config.labels);
        labels.putAll(options.labels());
        stage.config.labels = labels;
        metadata(stage, "LABEL " + String.join(" ", options.labels().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList()));
      }
      List<String> unused = options.buildArgs().keySet().stream().filter(name -> !PROXY_ARGS.contains(name)
          && !metaArgs.containsKey(name) && built.stream().noneMatch(s -> s.args.containsKey(name))).sorted().toList();
      if (!unused.isEmpty()) {
        out.print("[Warning] One or more build-args " + unused + " were not consumed\n");
      }
      return stage.image;
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

    private String stageName(List<Instruction> stage) {
      List<String> words = stage.get(0).words();
      return words.size() == 3 ? words.get(2).toLowerCase(Locale.ROOT) : "";
    }

    private BuildStage stage(List<Instruction> instructions) throws IOException {
      Instruction from = instructions.get(0);
      String ref = expander.word(from.words().get(0), metaArgs);
      String name = stageName(instructions);
      out.print(stepLine(from, "FROM " + ref + (name.isEmpty() ? "" : " AS " + name)));
      Image base;
      if (ref.equalsIgnoreCase("scratch")) {
        base = images.scratch();
      } else if (named.containsKey(ref.toLowerCase(Locale.ROOT))) {
        base = named.get(ref.toLowerCase(Locale.ROOT)).image;
      } else {
        try {
          base = images.store().resolve(ref);
        } catch (ImageNotFoundException e) {
          throw new BuildFailedException("pull access denied for " + ref + ": no such image on this host and this"
              + " agent does not pull: load or build it first");
        }
      }
      ImageConfig config = images.configs().of(base);
      BuildStage stage = new BuildStage(name.isEmpty() ? null : name, base, config.containerConfig());
      stage.author = config.author;
      out.print(" ---> " + (ref.equalsIgnoreCase("scratch") ? "" : shortId(base)) + "\n");
      if (stage.config.onBuild != null && !stage.config.onBuild.isEmpty()) {
        List<Instruction> triggers = OnBuild.triggers(stage.config.onBuild, from.line());
        out.print("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
        stage.config.onBuild = null;
        for (Instruction trigger : triggers) {
          instruction(stage, trigger);
        }
      }
      for (Instruction instruction : instructions.subList(1, instructions.size())) {
        out.print(stepLine(instruction, instruction.original()));
        instruction(stage, instruction);
      }
      return stage;
    }

    private String stepLine(Instruction instruction, String text) {
      step++;
      return "Step " + step + "/" + steps + " : " + text + "\n";
    }

    private void instruction(BuildStage stage, Instruction instruction) throws IOException {
      switch (instruction.keyword()) {
        case "ARG" -> {
          for (ArgWords.Pair pair : ArgWords.names(instruction, dockerfile.escape())) {
            String value = options.buildArgs().containsKey(pair.name()) ? options.buildArgs().get(pair.name())
                : pair.value() != null ? expander.word(pair.value(), stage.substitutions()) : metaArgs.get(pair.name());
            stage.args.put(pair.name(), value);
          }
          metadata(stage, "ARG " + instruction.args());
        }
        case "RUN" -> run(stage, instruction);
        case "COPY", "ADD" -> copy(stage, instruction);
        case "WORKDIR" -> {
          String shown = MetadataStep.apply(instruction, stage, expander);
          String dir = stage.config.workingDir;
          fileStep(stage, "/bin/sh -c #(nop) " + shown, container -> {
            try (ContainerCopy copy = ContainerCopy.open(containers.filesystem(container))) {
              FileStep.makeDirectories(copy, dir, Optional.empty());
            }
          });
        }
        default -> metadata(stage, MetadataStep.apply(instruction, stage, expander));
      }
    }

    private String argValue(ArgWords.Pair pair, Map<String, String> vars) {
      if (options.buildArgs().containsKey(pair.name())) {
        return options.buildArgs().get(pair.name());
      }
      return pair.value() == null ? null : expander.word(pair.value(), vars);
    }

    private void run(BuildStage stage, Instruction instruction) throws IOException {
      List<String> argv = new ArrayList<>();
      if (instruction.execForm().isPresent()) {
        argv.addAll(instruction.execForm().get());
      } else {
        argv.addAll(stage.shell());
        List<Heredoc> heredocs = instruction.heredocs();
        if (heredocs.size() == 1 && instruction.args().matches("<<-?[\"']?" + heredocs.get(0).name() + "[\"']?")) {
          argv.add(heredocs.get(0).content());
        } else if (!heredocs.isEmpty()) {
          StringBuilder script = new StringBuilder(instruction.args());
          heredocs.forEach(h -> script.append('\n').append(h.content()).append(h.name()));
          argv.add(script.toString());
        } else {
          argv.add(instruction.args());
        }
      }
      Map<String, String> args = new java.util.TreeMap<>(stage.runArgs());
      options.buildArgs().forEach((name, value) -> {
        if (PROXY_ARGS.contains(name) && value != null) {
          args.put(name, value);
        }
      });
      Map<String, String> shownArgs = stage.runArgs();
      String prefix = shownArgs.isEmpty() ? "" : "|" + shownArgs.size() + " " + String.join(" ",
          shownArgs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + " ";
      String createdBy = prefix + String.join(" ", argv);
      if (cached(stage, createdBy)) {
        return;
      }
      Container container = containers.create(stage, argv, args);
      out.print(" ---> Running in " + container.id().substring(0, 12) + "\n");
      boolean done = false;
      try {
        int exit = containers.run(container, out);
        if (exit != 0) {
          throw new BuildFailedException("The command '" + String.join(" ", argv) + "' returned a non-zero code: "
              + exit);
        }
        stage.image = containers.commit(container, stage, createdBy);
        done = true;
      } finally {
        removeIntermediate(container, done);
      }
      out.print(" ---> " + shortId(stage.image) + "\n");
    }

    private void copy(BuildStage stage, Instruction instruction) throws IOException {
      String keyword = instruction.keyword();
      Map<String, String> vars = stage.substitutions();
      List<String> words = new ArrayList<>();
      for (String word : instruction.words()) {
        words.add(expander.word(word, vars));
      }
      String dest = words.remove(words.size() - 1);
      if (!instruction.heredocs().isEmpty()) {
        words.replaceAll(word -> word.startsWith("<<") ? word.replaceAll("^<<-?[\"']?|[\"']$", "") : word);
      }
      if (!dest.startsWith("/")) {
        String base = stage.config.workingDir == null || stage.config.workingDir.isEmpty() ? "/" : stage.config.workingDir;
        dest = (base.endsWith("/") ? base : base + "/") + dest;
      }
      if (keyword.equals("ADD") && words.stream().anyMatch(w -> w.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*"))) {
        throw new BuildFailedException("ADD failed: remote URLs are not supported: this agent has no access to the"
            + " internet; download the file into the build context and ADD it from there");
      }
      Optional<String> chown = instruction.flag("chown").map(value -> expander.word(value, vars));
      Optional<Integer> chmod = instruction.flag("chmod").map(value -> {
        if (!value.matches("[0-7]{3,4}")) {
          throw new BuildFailedException("invalid chmod parameter: " + value);
        }
        return Integer.parseInt(value, 8);
      });
      Optional<String> from = instruction.flag("from").map(value -> expander.word(value, vars));
      Container source = null;
      try {
        Path root = context.root();
        if (!instruction.heredocs().isEmpty()) {
          root = context.heredocs(instruction.heredocs(), vars, expander);
        } else if (from.isPresent()) {
          source = containers.create(new BuildStage(null, fromImage(from.get()), new ContainerConfig()),
              List.of("/bin/sh"), Map.of());
          root = containers.filesystem(source).rootfs();
        }
        try (CopySources sources = CopySources.collect(keyword, root, words, dest, chmod, keyword.equals("ADD"),
            tmpDir)) {
          String createdBy = "/bin/sh -c #(nop) " + keyword + (chown.map(c -> " --chown=" + c).orElse(""))
              + (chmod.map(m -> " --chmod=" + Integer.toOctalString(m)).orElse("")) + " " + sources.description()
              + " in " + dest + " ";
          boolean intoDirectory = dest.endsWith("/") || words.size() > 1 || sources.archives().size() > 0
              || isDirectorySource(root, words);
          String target = dest;
          fileStep(stage, createdBy, container -> {
            try (ContainerCopy copy = ContainerCopy.open(containers.filesystem(container))) {
              FileStep.copy(copy, sources, target, intoDirectory, chown);
            }
          });
        }
      } finally {
        if (source != null) {
          containers.remove(source);
        }
      }
    }

    private boolean isDirectorySource(Path root, List<String> words) {
      return words.size() == 1 && !words.get(0).matches(".*[*?\\[].*")
          && java.nio.file.Files.isDirectory(root.resolve(Path.of("/").resolve(words.get(0)).normalize().toString()
              .substring(1)));
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
        return images.store().resolve(from);
      } catch (ImageNotFoundException e) {
        throw new BuildFailedException("invalid from flag value " + from + ": no such stage or image on this host");
      }
    }

    /** A step that writes files in an intermediate container, then commits it; cached by {@code createdBy}. */
    private void fileStep(BuildStage stage, String createdBy, ContainerWork work)
        throws IOException {
      if (cached(stage, createdBy)) {
        return;
      }
      Container container = containers.create(stage, List.of("/bin/sh"), Map.of()); // never started; runc wants a program
      boolean done = false;
      try {
        work.on(container);
        stage.image = containers.commit(container, stage, createdBy);
        done = true;
      } finally {
        removeIntermediate(container, done);
      }
      out.print(" ---> " + shortId(stage.image) + "\n");
    }

    private void removeIntermediate(Container container, boolean succeeded) throws IOException {
      if (succeeded ? options.removeIntermediate() || options.forceRemove() : options.forceRemove()) {
        if (succeeded) {
          out.print("Removing intermediate container " + container.id().substring(0, 12) + "\n");
        }
        containers.remove(container);
      }
    }

    private void metadata(BuildStage stage, String shown) throws IOException {
      String createdBy = "/bin/sh -c #(nop)  " + shown;
      if (cached(stage, createdBy)) {
        return;
      }
      stage.image = images.commit(stage.image, new ImageCommit(stage.config, List.of(),
          stage.author == null ? "" : stage.author, "", createdBy, ""), tar -> tar.write(new byte[1024]),
          Optional.empty());
      out.print(" ---> " + shortId(stage.image) + "\n");
    }

    private boolean cached(BuildStage stage, String createdBy) throws IOException {
      if (options.noCache()) {
        return false;
      }
      JsonNode expected = ImageJson.mapper().valueToTree(stage.config);
      for (Image child : images.store().children(stage.image.id())) {
        ImageConfig config = images.configs().of(child);
        List<ImageConfig.History> history = config.historyOrEmpty();
        if (!history.isEmpty() && createdBy.equals(history.get(history.size() - 1).createdBy())
            && expected.equals(ImageJson.mapper().valueToTree(config.containerConfig()))) {
          stage.image = child;
          out.print(" ---> Using cache\n ---> " + shortId(child) + "\n");
          return true;
        }
      }
      return false;
    }
  }

  /** Work done in an intermediate container before it is committed. */
  @FunctionalInterface
  private interface ContainerWork {
    void on(Container container) throws IOException;
  }
}
