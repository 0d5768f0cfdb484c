package dev.berth.agent.build;

import dev.berth.agent.containerfs.ContainerCommitter;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.ImageCommit;
import dev.berth.agent.runtime.Container;
import dev.berth.agent.runtime.ContainerRuntime;
import dev.berth.agent.runtime.CreateOptions;
import dev.berth.agent.runtime.LogFollower;
import dev.berth.agent.runtime.WaitCondition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The intermediate containers of a build's RUN steps: made from the image so far with the
 * stage's user, working directory and environment (plus the ARGs), on the default bridge, run,
 * committed as the next image, and removed. The image's VOLUMEs are the container's anonymous
 * volumes, so what a RUN writes under them never reaches the layer, as in Docker.
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

  /**
   * Starts {@code container}, waits for it to exit and returns its exit code; its output goes to
   * {@code out} as it is written (the log followed while the container runs), as docker build
   * shows a RUN's output live.
   */
  int run(Container container, BuildOutput out) throws IOException {
    LogFollower log = new LogFollower(runtime.logFile(container.id()), 0);
    runtime.start(container.id());
    log.follow(() -> !running(container.id()), record -> out.print(record.partial() ? record.text() : record.text() + "\n"));
    return runtime.await(container.id(), WaitCondition.NOT_RUNNING);
  }

  private boolean running(String id) {
    try {
      return runtime.get(id).isRunning();
    } catch (IOException gone) {
      return false;
    }
  }

  /**
   * Commits {@code container}'s writable layer as {@code commit} says; the mount points of
   * {@code stage}'s VOLUMEs stay in it as empty directories (what the RUN wrote there does not).
   */
  Image commit(Container container, BuildStage stage, ImageCommit commit) throws IOException {
    Set<String> volumes = new HashSet<>();
    if (stage.config.volumes != null) {
      stage.config.volumes.keySet().forEach(path -> volumes.add(Path.of("/").resolve(path).normalize().toString()));
    }
    return committer.commit(runtime.filesystem(container.id()), commit, false, Optional.empty(), volumes);
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
