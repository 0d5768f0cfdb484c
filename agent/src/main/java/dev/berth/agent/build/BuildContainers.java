package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.LogLine;
import dev.berth.agent.runtime.WaitCondition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intermediate containers of a build: made from the image so far with the stage's user,
 * working directory and environment (plus the ARGs), on the default bridge, then run (RUN) or
 * written into (COPY, ADD, WORKDIR), committed as the next image, and removed.
 */
final class BuildContainers {
  private final ContainerRuntime runtime;
  private final ContainerCommitter committer;

  BuildContainers(ContainerRuntime runtime, ContainerCommitter committer) {
    this.runtime = runtime;
    this.committer = committer;
  }

  /** A created (not started) container of {@code stage}'s image running {@code argv}. */
  Container create(BuildStage stage, List<String> argv, Map<String, String> args) throws IOException {
    List<String> env = new ArrayList<>(stage.config.env == null ? List.of() : stage.config.env);
    args.forEach((name, value) -> env.add(name + "=" + value));
    return runtime.create(CreateOptions.builder(stage.image.id().toString())
        .cmd(argv.toArray(String[]::new)).entrypoint("").env(env.toArray(String[]::new))
        .workingDir(stage.config.workingDir).user(stage.config.user).networkMode("bridge").build());
  }

  /** Starts {@code container}, waits for it to exit and returns its exit code; its output goes to {@code out}. */
  int run(Container container, BuildOutput out) throws IOException {
    runtime.start(container.id());
    int exit = runtime.await(container.id(), WaitCondition.NOT_RUNNING);
    for (LogLine line : runtime.logs(container.id())) {
      out.print(line.text().endsWith("\n") ? line.text() : line.text() + "\n");
    }
    return exit;
  }

  /** Commits {@code container}'s writable layer with {@code stage}'s config. */
  Image commit(Container container, BuildStage stage, String createdBy) throws IOException {
    return committer.commit(runtime.filesystem(container.id()),
        new ImageCommit(stage.config, List.of(), stage.author == null ? "" : stage.author, "", createdBy, container.id()),
        false, Optional.empty());
  }

  /** The container's files. */
  dev.berth.agent.runtime.ContainerFilesystem filesystem(Container container) throws IOException {
    return runtime.filesystem(container.id());
  }

  /** Removes {@code container} and its anonymous volumes; quietly, a failure is not the build's. */
  void remove(Container container) {
    try {
      runtime.delete(container.id(), true, true);
    } catch (IOException | RuntimeException ignored) {
      // already gone
    }
  }
}
