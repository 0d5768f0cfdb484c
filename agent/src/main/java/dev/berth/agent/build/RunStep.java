package dev.berth.agent.build;

import dev.berth.agent.runtime.Container;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * RUN: the command (exec form as is; shell form and heredocs through the stage's SHELL) runs in
 * an intermediate container on the image so far, its output shown live; a non-zero exit fails
 * the build with dockerd's message, otherwise the container's writable layer is the step's
 * layer. The ARGs it sees are part of its "created by" (so of its cache key), as
 * {@code |<n> NAME=value… <command>}; the predefined proxy ARGs reach its environment only.
 */
final class RunStep {
  static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
      "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

  private final BuildSteps steps;

  RunStep(BuildSteps steps) {
    this.steps = steps;
  }

  /** Runs {@code instruction} on {@code stage}. */
  void apply(BuildStage stage, Instruction instruction) throws IOException {
    List<String> argv = argv(stage, instruction);
    Map<String, String> args = new TreeMap<>(stage.runArgs());
    steps.options.buildArgs().forEach((name, value) -> {
      if (PROXY_ARGS.contains(name) && value != null) {
        args.put(name, value);
      }
    });
    Map<String, String> shownArgs = stage.runArgs();
    String prefix = shownArgs.isEmpty() ? "" : "|" + shownArgs.size() + " " + String.join(" ",
        shownArgs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + " ";
    String createdBy = prefix + String.join(" ", argv);
    if (steps.cached(stage, createdBy)) {
      return;
    }
    steps.checkDepth(stage);
    Container container = steps.containers.create(stage, argv, args);
    steps.out.print(" ---> Running in " + container.id().substring(0, 12) + "\n");
    boolean done = false;
    try {
      int exit = steps.containers.run(container, steps.out);
      if (exit != 0) {
        throw new BuildFailedException("The command '" + String.join(" ", argv) + "' returned a non-zero code: "
            + exit);
      }
      stage.image = steps.containers.commit(container, stage, steps.commit(stage, createdBy, container.id()));
      done = true;
    } finally {
      steps.removeIntermediate(container, done);
    }
    steps.out.print(" ---> " + BuildSteps.shortId(stage.image) + "\n");
  }

  private static List<String> argv(BuildStage stage, Instruction instruction) {
    List<String> argv = new ArrayList<>();
    if (instruction.execForm().isPresent()) {
      argv.addAll(instruction.execForm().get());
      return argv;
    }
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
    return argv;
  }
}
