package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCopy;
import dev.berth.agent.image.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * COPY and ADD: the sources (from the context, a heredoc, or with {@code --from} another stage's
 * or image's files) are collected as {@link CopySources} and written into a fresh layer with
 * {@link FileStep}, no container needed. A relative destination is taken from WORKDIR;
 * {@code --chown} names are looked up in the image, {@code --chmod} is octal. The "created by"
 * holds the checksum of the sources, so a changed file misses the cache.
 */
final class CopyStep {
  /** Finds the image a {@code --from} names: a stage (by name or index) or an image on this host. */
  @FunctionalInterface
  interface SourceImages {
    /** The image {@code from} names. */
    Image resolve(String from) throws IOException;
  }

  private static final Pattern UNKNOWN_OWNER =
      Pattern.compile("unable to find (user|group) (.*): no matching entries in (passwd|group) file");

  private final BuildSteps steps;
  private final BuildContext context;
  private final VariableExpander expander;
  private final SourceImages sourceImages;

  CopyStep(BuildSteps steps, BuildContext context, VariableExpander expander, SourceImages sourceImages) {
    this.steps = steps;
    this.context = context;
    this.expander = expander;
    this.sourceImages = sourceImages;
  }

  /** Runs the COPY or ADD {@code instruction} on {@code stage}. */
  void apply(BuildStage stage, Instruction instruction) throws IOException {
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
    StepLayer source = null;
    try {
      Path root = context.root();
      if (!instruction.heredocs().isEmpty()) {
        root = context.heredocs(instruction.heredocs(), vars, expander);
      } else if (from.isPresent()) {
        source = StepLayer.over(steps.images, sourceImages.resolve(from.get()), steps.spool);
        root = source.root();
      }
      try (CopySources sources = CopySources.collect(keyword, root, words, dest, chmod, keyword.equals("ADD"),
          steps.spool)) {
        String createdBy = "/bin/sh -c #(nop) " + keyword + (chown.map(c -> " --chown=" + c).orElse(""))
            + (chmod.map(m -> " --chmod=" + Integer.toOctalString(m)).orElse("")) + " " + sources.description()
            + " in " + dest + " ";
        boolean intoDirectory = dest.endsWith("/") || words.size() > 1 || !sources.archives().isEmpty()
            || isDirectorySource(root, words);
        String target = dest;
        Path sourceRoot = root;
        steps.layer(stage, createdBy, files -> {
          try {
            if (!intoDirectory && isDirectory(files, target)) {
              // A destination that is a directory already takes the file inside it, slash or not.
              try (CopySources inside = CopySources.collect(keyword, sourceRoot, words, target + "/", chmod,
                  keyword.equals("ADD"), steps.spool)) {
                FileStep.copy(files, inside, target + "/", true, chown);
              }
            } else {
              FileStep.copy(files, sources, target, intoDirectory, chown);
            }
          } catch (IllegalArgumentException e) {
            throw chownError(e);
          }
        });
      }
    } finally {
      if (source != null) {
        source.close();
      }
    }
  }

  // dockerd's words for a --chown name the image does not know (the runtime's are runc's).
  private static RuntimeException chownError(IllegalArgumentException e) {
    Matcher unknown = UNKNOWN_OWNER.matcher(e.getMessage());
    if (!unknown.matches()) {
      return e;
    }
    String kind = unknown.group(1);
    return new BuildFailedException("unable to convert uid/gid chown string to host mapping: can't find "
        + (kind.equals("user") ? "uid" : "gid") + " for " + kind + " " + unknown.group(2) + ": no such " + kind + ": "
        + unknown.group(2));
  }

  private static boolean isDirectory(ContainerCopy files, String path) throws IOException {
    return files.stat(path).map(stat -> (stat.mode() & 0170000) == 0040000).orElse(false);
  }

  private static boolean isDirectorySource(Path root, List<String> words) {
    return words.size() == 1 && !words.get(0).matches(".*[*?\\[].*")
        && Files.isDirectory(root.resolve(Path.of("/").resolve(words.get(0)).normalize().toString().substring(1)));
  }
}
